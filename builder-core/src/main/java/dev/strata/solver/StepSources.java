package dev.strata.solver;

import dev.strata.context.BuildContext;
import dev.strata.plan.Origin;
import dev.strata.plan.Step;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a step reads files from: the build context, and the root file systems of the stages and
 * images its {@code --from} values name (made on first use).
 */
record StepSources(Step step, BuildContext context, Function<Origin, Path> roots) {
  /** The root file system {@code from} names in this step ({@code COPY --from}, mount from=). */
  Path root(String from) {
    Origin origin = step.origins().get(from);
    if (origin == null) {
      throw new IllegalStateException("the planner resolved no origin for --from=" + from);
    }
    return roots.apply(origin);
  }
}
