package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata stop [-t SECONDS] CONTAINER...}: the image's STOPSIGNAL, then SIGKILL after the
 * timeout (10 seconds by default).
 */
@Command(name = "stop", description = "Stop running containers.")
final class StopCommand implements Callable<Integer> {
  @Option(
      names = {"-t", "--time"},
      paramLabel = "SECONDS",
      description = "Seconds to wait before killing (default ${DEFAULT-VALUE}).")
  int seconds = 10;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names, ids or id prefixes.")
  List<String> containers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (seconds < 0) {
      throw new StrataException("invalid -t " + seconds + ": give 0 or more seconds");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code = 0;
    try (Containers store = ContainerOption.open(spec)) {
      for (String c : containers) {
        try {
          store.stop(c, Duration.ofSeconds(seconds));
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
