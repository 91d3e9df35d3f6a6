package dev.strata.cache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps of one stage of one build, kept so that the next build of the same Dockerfile and stage
 * can explain its misses ({@link MissExplainer}). Holds keys and {@link StepInputs} only, so no
 * hidden value is ever stored.
 *
 * @param dockerfile the Dockerfile's identity, normally its absolute path ({@code -} for stdin)
 * @param stage the stage's name, or its index when it has none
 * @param keyVersion the {@link CacheKeyEncoder#VERSION} the keys were computed with
 * @param created when the build finished
 * @param steps the steps in order, each index at most once
 */
public record BuildRecord(
    String dockerfile, String stage, int keyVersion, Instant created, List<RecordedStep> steps) {
  public BuildRecord {
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(created, "created");
    steps = List.copyOf(steps);
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).index() <= steps.get(i - 1).index()) {
        throw new IllegalArgumentException(
            "steps out of order: " + steps.get(i - 1).index() + " before " + steps.get(i).index());
      }
    }
  }

  /** A record of the current key version. */
  public static BuildRecord of(
      String dockerfile, String stage, Instant created, List<RecordedStep> steps) {
    return new BuildRecord(dockerfile, stage, CacheKeyEncoder.VERSION, created, steps);
  }

  /** The step at {@code index}, if the build had one. */
  public Optional<RecordedStep> step(int index) {
    for (RecordedStep s : steps) {
      if (s.index() == index) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
