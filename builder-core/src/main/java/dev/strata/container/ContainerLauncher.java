package dev.strata.container;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.driver.Diff;
import dev.strata.driver.Snapshot;
import dev.strata.driver.StorageDriver;
import dev.strata.driver.StorageDrivers;
import dev.strata.exec.ExecStartException;
import dev.strata.exec.Executor;
import dev.strata.exec.MountSpec;
import dev.strata.exec.NetworkMode;
import dev.strata.exec.ProcessIO;
import dev.strata.exec.ProcessSpec;
import dev.strata.exec.RunningProcess;
import dev.strata.exec.Signals;
import dev.strata.exec.UserResolver;
import dev.strata.image.ContainerConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Platform;
import dev.strata.layer.Change;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import dev.strata.store.StoreLock;
import dev.strata.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs containers (made by {@link ContainerCreator}) attached through an executor, in this process
 * or detached under a {@link ContainerMonitor}; stops, kills and removes them, and reads their
 * read-write layers for diff and commit. Start and remove hold the container's lock.
 */
public final class ContainerLauncher {
  private final Store store;
  private final ContainerStore containers;
  private final VolumeStore volumes;

  public ContainerLauncher(Store store, ContainerStore containers) {
    this.store = store;
    this.containers = containers;
    this.volumes = new VolumeStore(store);
  }

  /**
   * Runs {@code record}'s process attached to {@code io} until it ends and returns its exit code:
   * the process's own, 128+N when signal N killed it, 125/126/127 when it could not be started.
   * With {@code proxySignals}, SIGINT, SIGTERM and SIGHUP sent to strata go to the process.
   */
  public int runAttached(ContainerRecord record, ProcessIO io, boolean proxySignals)
      throws IOException, InterruptedException {
    return run(record, io, ProcessHandle.current().pid(), proxySignals);
  }

  /**
   * As {@link #runAttached}, recording {@code monitor} (the pid of the process attached to the
   * container) and the container's process pid so that other strata commands can stop it.
   */
  int run(ContainerRecord record, ProcessIO io, long monitor, boolean proxySignals)
      throws IOException, InterruptedException {
    return run(record, io, monitor, proxySignals, false);
  }

  /**
   * As {@link #run(ContainerRecord, ProcessIO, long, boolean)}; when {@code claimed}, {@link
   * #startDetached} has already marked the container running for {@code monitor}.
   */
  int run(ContainerRecord record, ProcessIO io, long monitor, boolean proxySignals, boolean claimed)
      throws IOException, InterruptedException {
    ContainerRecord current;
    // Another strata process may be starting or removing this container right now.
    try (StoreLock lock = store.lock(lockKey(record))) {
      current = settle(containers.resolve(record.id()), ContainerRecord.UNKNOWN_EXIT);
      boolean ours = claimed && current.pid() == monitor;
      if (claimed ? !ours : current.running()) {
        throw new StrataException("container " + record.name() + " is already running");
      }
      containers.save(current.withState("running", 0, monitor, 0));
    }
    StorageDriver driver = StorageDrivers.select(current.driver(), store).driver();
    int code = 125;
    Snapshot snapshot = null;
    try {
      Executor executor = Executor.named(current.executor(), store.root().resolve("exec"));
      snapshot = driver.open(containers.snapshotHome(current.id()));
      LaunchConfig launch = current.launch();
      ProcessSpec spec =
          ProcessSpec.builder(launch.args())
              .env(launch.env())
              .cwd(launch.workdir())
              .user(new UserResolver(snapshot.rootfs()).resolve(launch.user()).user())
              .network(networkMode(current.network()))
              .mounts(mountSpecs(current))
              .readOnlyRootfs(current.readOnly())
              .build();
      try (SignalProxy proxy = SignalProxy.install(proxySignals);
          RunningProcess process = executor.start(spec, snapshot.rootfs(), io)) {
        proxy.attach(process);
        containers.save(current.withState("running", 0, monitor, process.pid()));
        code = process.waitFor().exitCode();
      } catch (ExecStartException e) {
        code = e.reason().exitCode();
        throw e;
      }
      return code;
    } finally {
      if (snapshot != null) {
        driver.release(snapshot);
      }
      containers.save(current.withState("exited", code, 0, 0));
    }
  }

  /**
   * {@code record} as it is once an orphan is settled: when its attached strata process was killed
   * while it ran and its own process has ended too, nobody released its snapshot or recorded its
   * end; this does both, recording {@code code}. Any other record is returned as it is.
   */
  private ContainerRecord settle(ContainerRecord record, int code) throws IOException {
    if (!record.orphaned() || record.process().alive()) {
      return record;
    }
    Path home = containers.snapshotHome(record.id());
    if (Files.exists(home)) {
      StorageDriver driver = StorageDrivers.select(record.driver(), store).driver();
      driver.release(driver.open(home));
    }
    ContainerRecord settled = record.withState("exited", code, 0, 0);
    containers.save(settled);
    return settled;
  }

  private static String lockKey(ContainerRecord record) {
    return "container:" + record.id();
  }

  /**
   * Starts {@code record} detached: a {@link ContainerMonitor} in its own session runs it with its
   * output going to the container's log. Returns once the process runs (or has already ended).
   */
  public void startDetached(ContainerRecord record) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process monitor;
    // The container is claimed for the monitor under its lock, so a second start (here or in
    // another strata process) sees it running and is refused rather than racing it.
    try (StoreLock lock = store.lock(lockKey(record))) {
      ContainerRecord current =
          settle(containers.resolve(record.id()), ContainerRecord.UNKNOWN_EXIT);
      if (current.running()) {
        throw new StrataException("container " + record.name() + " is already running");
      }
      monitor =
          new ProcessBuilder(
                  "setsid",
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ContainerMonitor.class.getName(),
                  store.root().toString(),
                  record.id())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(containers.monitorLog(record.id()).toFile()))
              .redirectErrorStream(true)
              .start();
      containers.save(current.withState("running", 0, monitor.pid(), 0));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ContainerRecord> now = containers.find(record.id());
      // Gone already: it ran with --rm, ended and its monitor removed it.
      boolean started =
          now.isEmpty() || (now.get().processPid() > 0 && now.get().pid() == monitor.pid());
      if (started || !monitor.isAlive()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new StrataException("container " + record.name() + " did not start within 60s");
  }

  /** Sends {@code signal} to the running container's process. */
  public void kill(ContainerRecord record, int signal) {
    if (!record.running() || !record.process().alive()) {
      throw new StrataException("container " + record.name() + " is not running");
    }
    ProcessSignals.send(record.processPid(), signal);
  }

  /**
   * Stops the running container as docker stop does: its image's STOPSIGNAL (SIGTERM when it has
   * none), then SIGKILL after {@code timeout}; returns once the attached strata process recorded
   * the exit. A container that is not running is left as it is.
   */
  public void stop(ContainerRecord record, Duration timeout)
      throws IOException, InterruptedException {
    if (!record.running() || !record.process().alive()) {
      return;
    }
    boolean orphan = record.orphaned();
    String stopSignal = image(record).config().config().stopSignal();
    int signal =
        stopSignal == null || stopSignal.isEmpty() ? Signals.SIGTERM : Signals.parse(stopSignal);
    ProcessSignals.send(record.processPid(), signal);
    if (!waitForExit(record, timeout)) {
      signal = Signals.SIGKILL;
      ProcessSignals.send(record.processPid(), signal);
      if (!waitForExit(record, Duration.ofSeconds(30))) {
        throw new StrataException("container " + record.name() + " did not stop after SIGKILL");
      }
    }
    if (orphan) {
      // Nobody is attached to record the end: it is the signal this stop sent last.
      try (StoreLock lock = store.lock(lockKey(record))) {
        settle(containers.resolve(record.id()), 128 + signal);
      }
    }
  }

  /** Whether the container's attached strata process recorded its end within {@code timeout}. */
  private boolean waitForExit(ContainerRecord record, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!containers.resolve(record.id()).running()) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  /**
   * Removes {@code record}'s snapshot and directory; a running container only with {@code force}.
   */
  public void remove(ContainerRecord record, boolean force) throws IOException {
    remove(record, force, false);
  }

  /**
   * As {@link #remove(ContainerRecord, boolean)}; with {@code volumes} its anonymous volumes too.
   */
  public void remove(ContainerRecord given, boolean force, boolean anonymousVolumes)
      throws IOException {
    // Holding the container's lock: no other strata process starts or removes it meanwhile.
    try (StoreLock lock = store.lock(lockKey(given))) {
      ContainerRecord record = settle(containers.resolve(given.id()), ContainerRecord.UNKNOWN_EXIT);
      removeLocked(record, force, anonymousVolumes);
    }
  }

  private void removeLocked(ContainerRecord record, boolean force, boolean anonymousVolumes)
      throws IOException {
    if (record.running()) {
      if (!force) {
        throw new StrataException(
            "cannot remove running container " + record.name() + ": stop it first or use rm -f");
      }
      try {
        stop(record, Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StrataException("interrupted while killing container " + record.name());
      }
    }
    StorageDriver driver = StorageDrivers.select(record.driver(), store).driver();
    java.nio.file.Path home = containers.snapshotHome(record.id());
    if (Files.exists(home)) {
      driver.remove(driver.open(home));
    }
    containers.delete(record.id());
    if (anonymousVolumes) {
      for (VolumeMount m : record.mounts()) {
        if (m.anonymous() && volumes.exists(m.source())) {
          volumes.remove(m.source());
        }
      }
    }
  }

  /**
   * What {@code record}'s read-write layer changed against its image, in path order: one line per
   * path as {@code docker diff} prints it ({@code A}, {@code C} or {@code D} and the absolute
   * path).
   */
  public List<String> diff(ContainerRecord record) throws IOException {
    StorageDriver driver = StorageDrivers.select(record.driver(), store).driver();
    try (StoreLock lock = store.lock(lockKey(record))) {
      return diff(driver, openIdle(record, driver));
    }
  }

  private List<String> diff(StorageDriver driver, Snapshot snapshot) throws IOException {
    try {
      List<Change> changes = new ArrayList<>(driver.diff(snapshot).changes().changes());
      changes.sort(Comparator.comparing(Change::path));
      List<String> lines = new ArrayList<>();
      for (Change c : changes) {
        String kind =
            switch (c.kind()) {
              case ADDED -> "A";
              case MODIFIED -> "C";
              case DELETED -> "D";
            };
        lines.add(kind + " /" + c.path());
      }
      return lines;
    } finally {
      driver.release(snapshot);
    }
  }

  /**
   * {@code strata commit}: a new image, {@code record}'s image with its read-write layer on top,
   * {@code config} as its config (the image's with the {@code -c} changes) and a history entry with
   * {@code comment}; tagged {@code ref}. Returns the image id.
   */
  public Digest commit(
      ContainerRecord record, ContainerConfig config, String comment, ImageReference ref)
      throws IOException {
    StorageDriver driver = StorageDrivers.select(record.driver(), store).driver();
    ResolvedImage image = image(record);
    try (StoreLock lock = store.lock(lockKey(record))) {
      Snapshot snapshot = openIdle(record, driver);
      try {
        Diff diff = driver.diff(snapshot);
        String createdBy = String.join(" ", record.launch().args());
        return new ContainerCommit(store).write(image, diff, config, createdBy, comment, ref);
      } finally {
        driver.release(snapshot);
      }
    }
  }

  /** The image {@code record} was created from. */
  public ResolvedImage image(ContainerRecord record) throws IOException {
    return ResolvedImage.read(store.blobs(), Digest.parse(record.image()), Platform.host());
  }

  private Snapshot openIdle(ContainerRecord given, StorageDriver driver) throws IOException {
    // The caller holds the container's lock: no start slips in between this check and its read.
    ContainerRecord record = settle(containers.resolve(given.id()), ContainerRecord.UNKNOWN_EXIT);
    if (record.running()) {
      // The running process's snapshot is mounted by its own strata process; reading it from here
      // would race with its writes and its release.
      throw new StrataException("container " + record.name() + " is running: stop it first");
    }
    return driver.open(containers.snapshotHome(record.id()));
  }

  private List<MountSpec> mountSpecs(ContainerRecord record) throws IOException {
    List<MountSpec> specs = new ArrayList<>();
    for (VolumeMount m : record.mounts()) {
      specs.add(
          switch (m.type()) {
            case VOLUME ->
                new MountSpec.Bind(volumes.mountpoint(m.source()), m.target(), m.readOnly());
            case BIND -> new MountSpec.Bind(Path.of(m.source()), m.target(), m.readOnly());
            case TMPFS ->
                new MountSpec.Tmpfs(m.target(), m.sizeBytes(), m.mode() == 0 ? 01777 : m.mode());
          });
    }
    return specs;
  }

  static NetworkMode networkMode(String network) {
    return switch (network.toLowerCase(Locale.ROOT)) {
      case "host" -> NetworkMode.HOST;
      case "none" -> NetworkMode.NONE;
      default -> throw new StrataException("unknown network \"" + network + "\": use host or none");
    };
  }
}
