package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Containers;
import dev.strata.api.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata run [OPTIONS] IMAGE [COMMAND [ARG...]]}: creates a container and runs it in the
 * foreground with its output attached; exits with the process's code, 125 when strata itself fails
 * (a missing image, a name in use), 126 when the command is not executable, 127 when not found.
 */
@Command(
    name = "run",
    description = "Create a container from an image and run a command in it.",
    sortOptions = false)
final class RunCommand implements Callable<Integer> {
  /** docker's code for a failure of the runtime itself rather than of the command. */
  static final int OWN_FAILURE = 125;

  @Option(
      names = {"-d", "--detach"},
      description = "Run in the background and print the container id; see strata logs.")
  boolean detach;

  @Option(names = "--name", paramLabel = "NAME", description = "Name the container.")
  String name;

  @Option(names = "--rm", description = "Remove the container when it exits.")
  boolean remove;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "KEY=VALUE",
      description = "Set an environment variable (replaces the image's).")
  List<String> env = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read KEY=VALUE lines (# comments; a bare KEY takes strata's value); -e wins.")
  List<String> envFiles = new ArrayList<>();

  @Option(
      names = {"-i", "--interactive"},
      description = "Copy strata's standard input to the container's process.")
  boolean interactive;

  @Option(
      names = "--sig-proxy",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Send SIGINT, SIGTERM and SIGHUP to the process (default: true).")
  boolean sigProxy = true;

  @Option(
      names = {"-v", "--volume"},
      paramLabel = "SOURCE:/path[:ro]",
      description =
          "Mount a named volume (created and seeded from the image when new) or a host directory.")
  List<String> volumes = new ArrayList<>();

  @Option(
      names = "--mount",
      paramLabel = "type=volume|bind|tmpfs,src=..,dst=..[,ro]",
      description =
          "Mount a volume, host path or tmpfs (keys: type, source/src, target/dst/destination,"
              + " readonly/ro, tmpfs-size, tmpfs-mode).")
  List<String> mounts = new ArrayList<>();

  @Option(
      names = "--read-only",
      description = "Mount the root file system read-only (volumes and tmpfs stay writable).")
  boolean readOnly;

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "DIR",
      description = "Working directory inside the container.")
  String workdir;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER[:GROUP]",
      description = "User to run as (name or uid).")
  String user;

  @Option(
      names = "--entrypoint",
      paramLabel = "CMD",
      description = "Replace the image's Entrypoint (and drop its Cmd).")
  String entrypoint;

  @Option(names = "--network", paramLabel = "host|none", description = "Network: host or none.")
  String network;

  @Option(
      names = "--storage-driver",
      paramLabel = "overlay|vfs",
      description = "Storage driver for the container's read-write layer.")
  String storageDriver;

  @Option(names = "--executor", paramLabel = "runc|chroot", description = "Executor (runc).")
  String executor;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run.")
  String image;

  @Parameters(
      index = "1..*",
      paramLabel = "COMMAND",
      description = "Command and arguments (replace the image's Cmd).")
  List<String> command = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    RunRequest request =
        new RunRequest(
            image,
            command,
            Optional.ofNullable(name),
            env,
            Optional.ofNullable(workdir),
            Optional.ofNullable(user),
            Optional.ofNullable(entrypoint),
            Optional.ofNullable(network),
            Optional.ofNullable(storageDriver),
            Optional.ofNullable(executor),
            remove,
            volumes,
            mounts,
            envFiles,
            readOnly);
    try (Containers containers = ContainerOption.open(spec)) {
      if (detach) {
        spec.commandLine().getOut().println(containers.runDetached(request));
        spec.commandLine().getOut().flush();
        return 0;
      }
      return containers
          .run(
              request,
              interactive ? System.in : null,
              new WriterStream(spec.commandLine().getOut()),
              new WriterStream(spec.commandLine().getErr()),
              sigProxy)
          .exitCode();
    } catch (StrataException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return OWN_FAILURE;
    }
  }
}
