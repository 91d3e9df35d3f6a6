package dev.strata.cache;

import java.util.List;
import java.util.Objects;

/**
 * The steps of one stage as the last build of a Dockerfile saw them: what {@code --explain}
 * compares the next build against.
 *
 * @param dockerfile the Dockerfile's absolute path
 * @param stage the stage's label
 * @param steps the steps in order
 */
public record BuildRecord(String dockerfile, String stage, List<RecordedStep> steps) {
  public BuildRecord {
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(stage, "stage");
    steps = List.copyOf(steps);
  }

  /**
   * One step as built.
   *
   * @param index its 1-based index in the stage
   * @param text its instruction on one line
   * @param parent the key it continued from
   * @param key its key
   * @param inputs what the key covered
   */
  public record RecordedStep(
      int index, String text, String parent, String key, StepInputs inputs) {}
}
