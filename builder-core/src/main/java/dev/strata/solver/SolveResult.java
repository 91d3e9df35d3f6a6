package dev.strata.solver;

import dev.strata.Digest;
import java.util.List;

/**
 * A finished build.
 *
 * @param imageId the image's id in the store (its manifest digest)
 * @param steps every step of the stages built, in the order they finished per stage
 */
public record SolveResult(Digest imageId, List<StepOutcome> steps) {
  public SolveResult {
    steps = List.copyOf(steps);
  }

  /** How many steps ran. */
  public int ran() {
    return (int) steps.stream().filter(s -> !s.cached()).count();
  }

  /** How many steps hit the cache. */
  public int cached() {
    return (int) steps.stream().filter(StepOutcome::cached).count();
  }
}
