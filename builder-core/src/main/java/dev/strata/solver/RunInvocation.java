package dev.strata.solver;

import dev.strata.StrataException;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.exec.MountSpec;
import dev.strata.exec.NetworkMode;
import dev.strata.exec.ProcessSpec;
import dev.strata.exec.ResolvedUser;
import dev.strata.exec.UserResolver;
import dev.strata.fs.Rootfs;
import dev.strata.fs.Syscalls;
import dev.strata.plan.Origin;
import dev.strata.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a RUN step into the process an executor runs: the command through SHELL (with its
 * here-documents), the environment the step sees, its user resolved in the rootfs, its network and
 * its {@code --mount}s with their host sides prepared. Closing it releases what the mounts held
 * (cache locks, secret files, copies for read-write binds).
 */
final class RunInvocation implements AutoCloseable {
  /** The build context as a directory, made only when a bind mount asks for it. */
  @FunctionalInterface
  interface ContextView {
    Path root() throws IOException;
  }

  /** Where a RUN step's mounts find their host side. */
  record Resources(
      ContextView context,
      Function<Origin, Path> roots,
      CacheMounts caches,
      Secrets secrets,
      Path scratch,
      NetworkMode network) {}

  private final ProcessSpec spec;
  private final List<AutoCloseable> releases;

  private RunInvocation(ProcessSpec spec, List<AutoCloseable> releases) {
    this.spec = spec;
    this.releases = releases;
  }

  ProcessSpec spec() {
    return spec;
  }

  static RunInvocation prepare(Step step, Path rootfs, Resources resources) throws IOException {
    RunInstruction run = (RunInstruction) step.instruction();
    List<AutoCloseable> releases = new ArrayList<>();
    try {
      List<MountSpec> mounts = new ArrayList<>();
      List<String> env = new ArrayList<>(step.scope().runEnvironment());
      List<String> args = command(step, run, resources.scratch(), mounts);
      for (Mount mount : step.mounts()) {
        mount(mount, step, resources, mounts, env, releases);
      }
      ResolvedUser user = new UserResolver(rootfs).resolve(step.scope().user());
      ProcessSpec spec =
          ProcessSpec.builder(args)
              .env(env)
              .cwd(step.scope().workdir())
              .user(user.user())
              .network(network(run, resources.network()))
              .mounts(mounts)
              .build();
      return new RunInvocation(spec, releases);
    } catch (IOException | RuntimeException e) {
      new RunInvocation(null, releases).close();
      throw e;
    }
  }

  /**
   * The argv. Shell form runs the command text through SHELL; its here-documents are appended to
   * the script so that the shell reads them as it would in a terminal. A RUN whose whole command is
   * one here-document runs that document: as a script file when it starts with {@code #!}, else
   * through SHELL.
   */
  private static List<String> command(
      Step step, RunInstruction run, Path scratch, List<MountSpec> mounts) throws IOException {
    List<String> shell = step.scope().shell();
    if (!run.command().shellForm()) {
      return run.command().arguments();
    }
    String text = run.command().arguments().isEmpty() ? "" : run.command().arguments().get(0);
    List<Heredoc> docs = run.heredocs();
    if (docs.size() == 1 && text.strip().equals(docs.get(0).token())) {
      String body = docs.get(0).content();
      if (body.startsWith("#!")) {
        Path script = scratch.resolve("heredoc-script");
        Files.writeString(script, body);
        Syscalls.lchmod(script, 0755);
        String target = "/dev/.strata-heredoc";
        mounts.add(new MountSpec.Bind(script, target, true));
        return List.of(target);
      }
      List<String> argv = new ArrayList<>(shell);
      argv.add(body);
      return argv;
    }
    StringBuilder script = new StringBuilder(text);
    for (Heredoc doc : docs) {
      script.append('\n').append(doc.content());
      if (!doc.content().isEmpty() && !doc.content().endsWith("\n")) {
        script.append('\n');
      }
      script.append(doc.name());
    }
    List<String> argv = new ArrayList<>(shell);
    argv.add(script.toString());
    return argv;
  }

  private static NetworkMode network(RunInstruction run, NetworkMode buildDefault) {
    return switch (run.network()) {
      case NONE -> NetworkMode.NONE;
      case HOST -> NetworkMode.HOST;
      case DEFAULT -> buildDefault;
    };
  }

  private static void mount(
      Mount mount,
      Step step,
      Resources resources,
      List<MountSpec> mounts,
      List<String> env,
      List<AutoCloseable> releases)
      throws IOException {
    String target = absolute(mount.target(), step.scope().workdir());
    switch (mount.type()) {
      case TMPFS -> mounts.add(new MountSpec.Tmpfs(target, mount.sizeBytes().orElse(0)));
      case CACHE -> {
        if (!mount.from().isEmpty()) {
          throw new StrataException(
              "RUN --mount=type=cache,from="
                  + mount.from()
                  + ": seeding a cache from a stage"
                  + " or image is not supported");
        }
        CacheMounts.Acquired cache = resources.caches().acquire(mount);
        releases.add(cache.release());
        mounts.add(new MountSpec.Bind(cache.dir(), target, mount.readOnly()));
      }
      case BIND -> {
        Path root =
            mount.from().isEmpty()
                ? resources.context().root()
                : resources.roots().apply(step.origins().get(mount.from()));
        Path source = Rootfs.resolve(root, mount.source().isEmpty() ? "/" : mount.source());
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
          throw new StrataException(
              "RUN --mount=type=bind: source "
                  + (mount.source().isEmpty() ? "/" : mount.source())
                  + " does not exist in "
                  + (mount.from().isEmpty() ? "the build context" : mount.from()));
        }
        if (!mount.readOnly()) {
          // Writes to a read-write bind are thrown away after the step, as in BuildKit.
          Path copy = resources.scratch().resolve("bind-" + mounts.size());
          TreeCopies.copy(source, copy);
          source = copy;
        }
        mounts.add(new MountSpec.Bind(source, target, mount.readOnly()));
      }
      case SECRET -> secret(mount, resources, mounts, env);
      case SSH ->
          throw new StrataException(
              "RUN --mount=type=ssh is not supported: strata has no SSH agent forwarding");
    }
  }

  private static void secret(
      Mount mount, Resources resources, List<MountSpec> mounts, List<String> env)
      throws IOException {
    String id = mount.id().isEmpty() ? lastElement(mount.target()) : mount.id();
    var value = resources.secrets().value(id);
    if (value.isEmpty()) {
      if (mount.required()) {
        throw new StrataException(
            "RUN --mount=type=secret,id="
                + id
                + ": secret is required but was not given"
                + " (use --secret id="
                + id
                + ",src=FILE)");
      }
      return;
    }
    if (mount.env().isPresent()) {
      env.add(
          mount.env().get()
              + "="
              + new String(value.get(), java.nio.charset.StandardCharsets.UTF_8));
      if (mount.target().isEmpty()) {
        return;
      }
    }
    String target = mount.target().isEmpty() ? "/run/secrets/" + id : mount.target();
    Path file = resources.scratch().resolve("secret-" + mounts.size());
    Files.write(file, value.get());
    Syscalls.lchown(file, (int) mount.uid().orElse(0), (int) mount.gid().orElse(0));
    Syscalls.lchmod(file, (int) mount.mode().orElse(0400));
    mounts.add(new MountSpec.Bind(file, target, true));
  }

  private static String absolute(String target, String workdir) {
    if (target.isEmpty()) {
      return target;
    }
    return target.startsWith("/")
        ? target
        : (workdir.endsWith("/") ? workdir : workdir + "/") + target;
  }

  private static String lastElement(String path) {
    String trimmed = path.replaceAll("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    for (AutoCloseable release : releases) {
      try {
        release.close();
      } catch (Exception ignored) {
        // releasing a lock or a temp file must not hide the step's own outcome
      }
    }
  }
}
