package dev.strata.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code strata} command: global options and the list of subcommands. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds OCI images from Dockerfiles without a daemon.")
final class StrataCommand implements Runnable {
  /**
   * Every subcommand. They are added to the command line by {@link Main}, which builds only the one
   * a command names: picocli reads every option of every command it is given, which took a sixth of
   * a no-op build.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ParseCommand.class,
          BuildCommand.class,
          ImportCommand.class,
          LoadCommand.class,
          SaveCommand.class,
          PullCommand.class,
          PushCommand.class,
          LoginCommand.class,
          LogoutCommand.class,
          ImagesCommand.class,
          TagCommand.class,
          RmiCommand.class,
          InspectCommand.class,
          HistoryCommand.class,
          RunCommand.class,
          PsCommand.class,
          RmCommand.class,
          DiffCommand.class,
          CommitCommand.class,
          LogsCommand.class,
          StartCommand.class,
          StopCommand.class,
          KillCommand.class,
          ContainerCommand.class,
          VolumeCommand.class,
          InfoCommand.class,
          SystemCommand.class);

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Store root (default: $STRATA_ROOT, else /var/lib/strata for root, else"
              + " $XDG_DATA_HOME/strata).")
  Path root;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces for errors.")
  boolean debug;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
