package dev.strata.plan;

import java.util.List;
import java.util.Objects;

/**
 * What a build will do: the stages the target needs, in Dockerfile order (so every stage comes
 * after the stages it depends on), each with its expanded steps.
 *
 * @param fileName the Dockerfile's name, for messages
 * @param stages the needed stages; stages the target does not need are left out
 * @param target the index of the stage whose result is the image
 * @param warnings lint-style findings, each {@code file:line: what}
 */
public record BuildPlan(
    String fileName, List<PlannedStage> stages, int target, List<String> warnings) {
  public BuildPlan {
    Objects.requireNonNull(fileName, "fileName");
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }

  /** The stage with Dockerfile index {@code index}; it must be one of the needed stages. */
  public PlannedStage stage(int index) {
    return stages.stream()
        .filter(s -> s.index() == index)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("stage " + index + " is not planned"));
  }

  /** The target stage. */
  public PlannedStage targetStage() {
    return stage(target);
  }
}
