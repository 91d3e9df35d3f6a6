package dev.strata.cli;

import dev.strata.api.Containers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata logs [-f] CONTAINER}: the output a detached container recorded, its stdout on
 * stdout and its stderr on stderr.
 */
@Command(name = "logs", description = "Print a container's output.")
final class LogsCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the container stops.")
  boolean follow;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or id prefix.")
  String container;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    try (Containers containers = ContainerOption.open(spec)) {
      containers.logs(
          container,
          follow,
          new WriterStream(spec.commandLine().getOut()),
          new WriterStream(spec.commandLine().getErr()));
    }
    return 0;
  }
}
