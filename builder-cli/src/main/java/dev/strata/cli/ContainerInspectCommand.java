package dev.strata.cli;

import dev.strata.api.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata container inspect CONTAINER...}: a JSON array like docker container inspect's. */
@Command(name = "inspect", description = "Show the details of containers as JSON.")
final class ContainerInspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names, ids or id prefixes.")
  List<String> containers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Containers store = ContainerOption.open(spec)) {
      spec.commandLine().getOut().println(store.inspect(containers));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
