package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata rm [-f] [-v] CONTAINER...}: removes each container and its read-write layer; one
 * that cannot be removed is reported, the others are still removed, and the exit code is 1 then.
 */
@Command(name = "rm", description = "Remove containers.")
final class RmCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--force"},
      description = "Kill and remove a running container.")
  boolean force;

  @Option(
      names = {"-v", "--volumes"},
      description = "Also remove the anonymous volumes made for the image's VOLUME paths.")
  boolean volumes;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names, ids or id prefixes.")
  List<String> containers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code = 0;
    try (Containers store = ContainerOption.open(spec)) {
      for (String c : containers) {
        try {
          store.remove(List.of(c), force, volumes);
          out.println(c);
        } catch (StrataException e) {
          err.println("error: " + e.getMessage());
          code = e.exitCode();
        }
      }
    }
    out.flush();
    err.flush();
    return code;
  }
}
