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

/** {@code strata kill [-s SIGNAL] CONTAINER...}: sends a signal (SIGKILL by default). */
@Command(name = "kill", description = "Send a signal to running containers.")
final class KillCommand implements Callable<Integer> {
  @Option(
      names = {"-s", "--signal"},
      paramLabel = "SIGNAL",
      description = "Signal name or number (default ${DEFAULT-VALUE}).")
  String signal = "KILL";

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
          store.kill(c, signal);
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
