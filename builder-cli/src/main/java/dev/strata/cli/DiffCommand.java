package dev.strata.cli;

import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata diff CONTAINER}: {@code A}, {@code C} or {@code D} and each changed path. */
@Command(name = "diff", description = "List the files a container added, changed or deleted.")
final class DiffCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or id prefix.")
  String container;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Containers containers = ContainerOption.open(spec)) {
      containers.diff(container).forEach(out::println);
    }
    out.flush();
    return 0;
  }
}
