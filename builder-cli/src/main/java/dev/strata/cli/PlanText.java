package dev.strata.cli;

import dev.strata.api.PlanReport;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** The text form of {@code strata parse}: one block per stage, one line per step. */
final class PlanText {
  private static final String INDENT = "              ";

  private PlanText() {}

  static void print(PlanReport report, PrintWriter out) {
    out.println("# " + report.dockerfile() + ", target stage " + report.target());
    for (PlanReport.Stage stage : report.stages()) {
      out.println();
      out.printf(
          "stage %d%s  FROM %s  (%s, %s)  line %d%s%n",
          stage.index(),
          stage.name() == null ? "" : " \"" + stage.name() + "\"",
          stage.base(),
          stage.baseKind(),
          stage.platform(),
          stage.line(),
          stage.dependsOn().isEmpty()
              ? ""
              : "  needs stages "
                  + stage.dependsOn().stream()
                      .map(String::valueOf)
                      .collect(Collectors.joining(",")));
      for (PlanReport.Step step : stage.steps()) {
        String lines =
            step.line() == step.endLine()
                ? Integer.toString(step.line())
                : step.line() + "-" + step.endLine();
        out.printf(
            "  %3d  %-7s %s%s%n",
            step.index(),
            lines,
            step.text(),
            step.fromBaseTrigger() ? "   (ONBUILD of the base image)" : "");
        for (PlanReport.Heredoc doc : step.heredocs()) {
          out.println(INDENT + "<<" + doc.name());
          String body =
              doc.content().endsWith("\n")
                  ? doc.content().substring(0, doc.content().length() - 1)
                  : doc.content();
          for (String line : body.split("\n", -1)) {
            out.println(INDENT + "| " + line);
          }
        }
        if (!step.args().isEmpty()) {
          out.println(
              INDENT
                  + "build args: "
                  + step.args().entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(" ")));
        }
      }
    }
    out.flush();
  }
}
