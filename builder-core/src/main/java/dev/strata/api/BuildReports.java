package dev.strata.api;

import dev.strata.solver.SolveResult;
import dev.strata.solver.StepOutcome;
import java.util.List;

/** Turns a solver result into the report the API hands out. */
final class BuildReports {
  private BuildReports() {}

  static BuildReport of(SolveResult result, List<String> warnings) {
    return new BuildReport(
        result.imageId().toString(),
        result.imageId().toString(),
        result.steps().stream().map(BuildReports::step).toList(),
        warnings);
  }

  private static BuildReport.Step step(StepOutcome o) {
    return new BuildReport.Step(
        o.step().stage(),
        o.step().index(),
        o.step().text(),
        o.step().line(),
        o.key().toString(),
        o.cached(),
        o.layer().map(l -> l.digest().toString()).orElse(null),
        o.layer().map(l -> l.size()).orElse(0L),
        o.elapsed().toMillis(),
        o.missReason().orElse(null));
  }
}
