package dev.strata.plan;

import dev.strata.image.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A stage the build needs.
 *
 * @param index the stage's index in the Dockerfile (COPY --from=N refers to it)
 * @param name the name given with {@code AS}, lower case
 * @param base what FROM names, expanded
 * @param fromLine the line of the FROM instruction
 * @param platform the platform the stage builds for
 * @param steps the instructions after FROM, ONBUILD triggers of the base first
 * @param dependencies the indexes of the stages this one reads from (FROM, COPY --from, RUN --mount
 *     from=)
 * @param result the state after the last step, which a stage built FROM this one starts with
 */
public record PlannedStage(
    int index,
    Optional<String> name,
    Origin base,
    int fromLine,
    Platform platform,
    List<Step> steps,
    SortedSet<Integer> dependencies,
    StepScope result) {
  public PlannedStage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(platform, "platform");
    steps = List.copyOf(steps);
    dependencies = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dependencies));
    Objects.requireNonNull(result, "result");
  }

  /** The name if the stage has one, else its index, as COPY --from would name it. */
  public String label() {
    return name.orElse(Integer.toString(index));
  }
}
