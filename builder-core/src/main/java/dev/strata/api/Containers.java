package dev.strata.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.cache.CacheIndex;
import dev.strata.container.ConfigChanges;
import dev.strata.container.ContainerCreator;
import dev.strata.container.ContainerLauncher;
import dev.strata.container.ContainerLog;
import dev.strata.container.ContainerRecord;
import dev.strata.container.ContainerStore;
import dev.strata.container.EnvFile;
import dev.strata.container.LaunchConfig;
import dev.strata.container.VolumeMount;
import dev.strata.exec.ExecStartException;
import dev.strata.exec.ProcessIO;
import dev.strata.exec.Signals;
import dev.strata.image.ContainerConfig;
import dev.strata.image.ImageReference;
import dev.strata.store.Store;
import dev.strata.volume.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The containers of one store, for front ends and Java users: run, list, remove. Open it on a store
 * root, use it, close it. Containers are named by name, full id or a unique id prefix. Every user
 * error is a {@link StrataException} with a one-line message.
 */
public final class Containers implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final ContainerStore containers;
  private final ContainerCreator creator;
  private final ContainerLauncher launcher;
  private final VolumeStore volumeStore;

  private Containers(Store store) {
    this.store = store;
    this.containers = ContainerStore.open(store);
    this.creator = new ContainerCreator(store, containers);
    this.launcher = new ContainerLauncher(store, containers);
    this.volumeStore = new VolumeStore(store);
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static Containers open(Path root) {
    Store store = Store.open(root);
    CacheIndex.open(store);
    return new Containers(store);
  }

  /** The outcome of a foreground run: the container (gone when run with --rm) and exit code. */
  public record RunResult(String id, int exitCode) {}

  /**
   * {@code strata run} in the foreground: creates the container, runs it with its output on {@code
   * stdout} and {@code stderr}, and returns the process's exit code (125, 126 or 127 when it could
   * not be started, with the reason on {@code stderr}).
   */
  public RunResult run(RunRequest request, OutputStream stdout, OutputStream stderr)
      throws InterruptedException {
    return run(request, null, stdout, stderr, false);
  }

  /**
   * As {@link #run(RunRequest, OutputStream, OutputStream)}, with {@code stdin} (null for none)
   * copied to the process's standard input ({@code run -i}), and with {@code proxySignals} the
   * SIGINT, SIGTERM and SIGHUP this JVM receives sent on to the process ({@code --sig-proxy}).
   */
  public RunResult run(
      RunRequest request,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr,
      boolean proxySignals)
      throws InterruptedException {
    ContainerRecord record = create(request, false);
    ProcessIO io = ProcessIO.of(stdout, stderr);
    int code =
        attach(record, stdin == null ? io : io.withStdin(stdin), proxySignals, request.remove());
    return new RunResult(record.id(), code);
  }

  /**
   * {@code strata run -d}: creates the container and starts it detached, its output recorded for
   * {@link #logs}; returns its id once the process runs. With {@code --rm} the process that watches
   * it removes it (and its anonymous volumes) when it ends.
   */
  public String runDetached(RunRequest request) throws InterruptedException {
    ContainerRecord record = create(request, request.remove());
    try {
      launcher.startDetached(record);
    } catch (IOException e) {
      throw failure(e);
    }
    return record.id();
  }

  /**
   * {@code strata start}: runs a stopped container again on its read-write layer; with {@code
   * attach} in the foreground, returning its exit code, else detached, returning 0.
   */
  public int start(String container, boolean attach, OutputStream stdout, OutputStream stderr)
      throws InterruptedException {
    ContainerRecord record = io(() -> containers.resolve(container));
    if (attach) {
      return attach(record, ProcessIO.of(stdout, stderr), false, false);
    }
    try {
      launcher.startDetached(record);
    } catch (IOException e) {
      throw failure(e);
    }
    return 0;
  }

  /**
   * {@code strata stop}: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after {@code
   * timeout}; a container that is not running is fine.
   */
  public void stop(String container, Duration timeout) throws InterruptedException {
    ContainerRecord record = io(() -> containers.resolve(container));
    try {
      launcher.stop(record, timeout);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** {@code strata kill}: sends {@code signal} (a name such as KILL or SIGTERM, or a number). */
  public void kill(String container, String signal) {
    int number;
    try {
      number = Signals.parse(signal);
    } catch (IllegalArgumentException e) {
      throw new StrataException("invalid signal \"" + signal + "\": " + e.getMessage());
    }
    io(
        () -> {
          launcher.kill(containers.resolve(container), number);
          return null;
        });
  }

  /**
   * {@code strata logs}: what a detached container printed, stdout and stderr interleaved in the
   * order written, both to {@code out}; with {@code follow}, keeps copying until it stops.
   */
  public void logs(String container, boolean follow, OutputStream out) throws InterruptedException {
    logs(container, follow, out, out);
  }

  /**
   * {@code strata logs}: what a detached container printed, each chunk to {@code stdout} or {@code
   * stderr} as it came, in the order written; with {@code follow}, keeps copying until the
   * container stops.
   */
  public void logs(String container, boolean follow, OutputStream stdout, OutputStream stderr)
      throws InterruptedException {
    ContainerRecord record = io(() -> containers.resolve(container));
    Path log = containers.logFile(record.id());
    long offset = 0;
    while (true) {
      boolean running =
          io(() -> containers.list()).stream()
              .anyMatch(r -> r.id().equals(record.id()) && r.running());
      long from = offset;
      // Checked before copying: once it has stopped, this copy reads everything it wrote.
      offset = io(() -> ContainerLog.copy(log, from, stdout, stderr));
      if (!follow || !running) {
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * {@code strata container inspect}: a JSON array like docker container inspect's, one object per
   * container: Id, Name, Created, State, Image, Config, GraphDriver (its read-write layer's home).
   */
  public String inspect(List<String> refs) {
    return io(
        () -> {
          ArrayNode array = JSON.createArrayNode();
          for (String ref : refs) {
            ContainerRecord r = containers.resolve(ref);
            ObjectNode o = array.addObject();
            o.put("Id", r.id());
            o.put("Name", "/" + r.name());
            o.put("Created", r.created());
            ObjectNode state = o.putObject("State");
            String status = r.effectiveStatus();
            state.put("Status", status);
            state.put("Running", status.equals("running"));
            state.put("Pid", r.running() ? r.processPid() : 0);
            state.put("ExitCode", r.effectiveExitCode());
            o.put("Image", r.image());
            ObjectNode config = o.putObject("Config");
            config.put("Image", r.imageName());
            config.put("User", r.launch().user());
            config.put("WorkingDir", r.launch().workdir());
            r.launch().env().forEach(config.putArray("Env")::add);
            r.launch().args().forEach(config.putArray("Cmd")::add);
            o.put("Executor", r.executor());
            ObjectNode network = o.putObject("HostConfig");
            network.put("NetworkMode", r.network());
            ObjectNode graph = o.putObject("GraphDriver");
            graph.put("Name", r.driver());
            graph.putObject("Data").put("Home", containers.snapshotHome(r.id()).toString());
            ArrayNode mounts = o.putArray("Mounts");
            for (VolumeMount m : r.mounts()) {
              ObjectNode mount = mounts.addObject();
              mount.put("Type", m.type().dockerName());
              if (m.volume()) {
                mount.put("Name", m.source());
              }
              mount.put("Source", mountSource(m));
              mount.put("Destination", m.target());
              mount.put("RW", !m.readOnly());
            }
            network.put("ReadonlyRootfs", r.readOnly());
            network.put("AutoRemove", r.autoRemove());
          }
          return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        });
  }

  private String mountSource(VolumeMount m) throws IOException {
    return switch (m.type()) {
      case VOLUME -> volumeStore.mountpoint(m.source()).toString();
      case BIND -> m.source();
      case TMPFS -> "";
    };
  }

  /** What {@code strata info} shows. */
  public record Info(
      String root,
      String storageDriver,
      String backingFilesystem,
      String executor,
      String executorVersion,
      int images,
      int containers,
      int runningContainers,
      int volumes,
      long cacheBytes) {}

  /**
   * {@code strata info}: the store root, the storage driver strata picks here and the file system
   * under the root, the executor and its version, and counts of images, containers and volumes, and
   * the bytes of the build cache's files.
   */
  public Info info(String storageDriver, String executor) {
    return io(
        () -> {
          String driver =
              dev.strata.driver.StorageDrivers.select(storageDriver, store).driver().name();
          String exec = executor == null ? "runc" : executor;
          String version =
              dev.strata.exec.Executor.named(exec, store.root().resolve("exec")).version();
          List<ContainerRecord> all = containers.list();
          // Never following links: spare trees under cache/ are whole image root file systems.
          long cache = dev.strata.store.Trees.size(store.cacheDir());
          return new Info(
              store.root().toString(),
              driver,
              Files.getFileStore(store.root()).type(),
              exec,
              version,
              store.images().list().size(),
              all.size(),
              (int) all.stream().filter(ContainerRecord::running).count(),
              new dev.strata.volume.VolumeStore(store).list().size(),
              cache);
        });
  }

  private ContainerRecord create(RunRequest request, boolean autoRemove) {
    List<String> env = new ArrayList<>();
    for (String file : request.envFiles()) {
      env.addAll(EnvFile.read(Path.of(file), System::getenv));
    }
    env.addAll(request.env());
    return io(
        () ->
            creator.create(
                new ContainerCreator.Options(
                    request.image(),
                    request.name().orElse(null),
                    new LaunchConfig.Overrides(
                        request.entrypoint(),
                        request.command(),
                        env,
                        request.workdir(),
                        request.user()),
                    request.storageDriver().orElse(null),
                    request.executor().orElse(null),
                    request.network().orElse(null),
                    request.volumes(),
                    request.mounts(),
                    request.readOnly(),
                    autoRemove)));
  }

  private int attach(ContainerRecord record, ProcessIO io, boolean proxySignals, boolean remove)
      throws InterruptedException {
    int code;
    try {
      code = launcher.runAttached(record, io, proxySignals);
    } catch (ExecStartException e) {
      try {
        OutputStream stderr = io.stderr();
        stderr.write(
            ("strata: " + e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stderr.flush();
      } catch (IOException ignored) {
        // the message is best effort; the exit code says what happened
      }
      code = e.reason().exitCode();
    } catch (IOException e) {
      throw failure(e);
    } finally {
      if (remove) {
        io(
            () -> {
              launcher.remove(containers.resolve(record.id()), true, true);
              return null;
            });
      }
    }
    return code;
  }

  /** {@code strata ps}: running containers, or every container with {@code all}. */
  public List<ContainerSummary> list(boolean all) {
    return io(
        () -> {
          List<ContainerSummary> rows = new ArrayList<>();
          for (ContainerRecord r : containers.list()) {
            String status = r.effectiveStatus();
            if (all || status.equals("running")) {
              rows.add(
                  new ContainerSummary(
                      r.id(),
                      r.name(),
                      r.imageName(),
                      r.launch().args(),
                      r.created(),
                      status,
                      r.effectiveExitCode()));
            }
          }
          return rows;
        });
  }

  /** {@code strata rm}: removes each container; a running one only with {@code force}. */
  public void remove(List<String> refs, boolean force) {
    remove(refs, force, false);
  }

  /** {@code strata rm [-f] [-v]}: with {@code volumes}, the containers' anonymous volumes too. */
  public void remove(List<String> refs, boolean force, boolean volumes) {
    io(
        () -> {
          List<ContainerRecord> records = new ArrayList<>();
          for (String ref : refs) {
            records.add(containers.resolve(ref));
          }
          for (ContainerRecord r : records) {
            launcher.remove(r, force, volumes);
          }
          return null;
        });
  }

  /**
   * {@code strata diff}: the paths the container's read-write layer added ({@code A /path}),
   * changed ({@code C /path}) or deleted ({@code D /path}), in path order.
   */
  public List<String> diff(String container) {
    return io(() -> launcher.diff(containers.resolve(container)));
  }

  /**
   * {@code strata commit}: a new image named {@code name} ({@code :latest} when it has no tag) from
   * the container's image with its read-write layer on top, the {@code changes} (Dockerfile
   * instructions such as {@code CMD} or {@code ENV}) applied to its config, and a history entry
   * with {@code message}. Returns the new image id.
   */
  public String commit(String container, String name, List<String> changes, String message) {
    ImageReference ref = ImageReference.parse(name).withDefaultTag();
    if (ref.tag() == null) {
      throw new StrataException(
          "invalid image name \"" + name + "\": give a name and a tag, not a digest");
    }
    return io(
        () -> {
          ContainerRecord record = containers.resolve(container);
          ContainerConfig config =
              ConfigChanges.apply(launcher.image(record).config().config(), changes);
          return launcher.commit(record, config, message, ref).toString();
        });
  }

  private interface Work<T> {
    T run() throws IOException;
  }

  private <T> T io(Work<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private StrataException failure(IOException e) {
    String m = e.getMessage();
    return new StrataException(
        "store at "
            + store.root()
            + ": "
            + (m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\n\\s*", " ")),
        e);
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
