package dev.strata.cli;

import dev.strata.api.ContainerSummary;
import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata ps [-a] [-q]}: CONTAINER ID IMAGE COMMAND CREATED STATUS NAMES, or ids only. */
@Command(name = "ps", description = "List containers.")
final class PsCommand implements Callable<Integer> {
  @Option(
      names = {"-a", "--all"},
      description = "Show all containers (default: running ones).")
  boolean all;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print container ids only.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ContainerSummary> rows;
    try (Containers containers = ContainerOption.open(spec)) {
      rows = containers.list(all);
    }
    if (quiet) {
      rows.forEach(r -> out.println(r.shortId()));
      out.flush();
      return 0;
    }
    Instant now = Instant.now();
    Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
    for (ContainerSummary r : rows) {
      String command = String.join(" ", r.command());
      if (command.length() > 20) {
        command = command.substring(0, 19) + "…";
      }
      String status =
          r.status().equals("exited") ? "Exited (" + r.exitCode() + ")" : capitalize(r.status());
      table.row(
          r.shortId(),
          r.image(),
          "\"" + command + "\"",
          HumanUnits.ago(Instant.parse(r.created()), now),
          status,
          r.name());
    }
    table.print(out);
    return 0;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
