package dev.strata.cli;

import dev.strata.api.Containers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata start [-a] CONTAINER}: runs a stopped container again; with {@code -a} attached,
 * exiting with its code, else detached, printing its name.
 */
@Command(name = "start", description = "Start a stopped container.")
final class StartCommand implements Callable<Integer> {
  @Option(
      names = {"-a", "--attach"},
      description = "Attach its output and exit with its code.")
  boolean attach;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or id prefix.")
  String container;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    try (Containers containers = ContainerOption.open(spec)) {
      int code =
          containers.start(
              container,
              attach,
              new WriterStream(spec.commandLine().getOut()),
              new WriterStream(spec.commandLine().getErr()));
      if (!attach) {
        spec.commandLine().getOut().println(container);
        spec.commandLine().getOut().flush();
      }
      return code;
    }
  }
}
