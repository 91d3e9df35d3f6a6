package dev.strata.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * One step of a build as a {@link BuildRecord} keeps it: its position, its parent's key, its own
 * key and the inputs the key covers.
 *
 * @param index the position in the stage: 0 for the FROM step (no parent; its inputs name the
 *     base), then 1, 2, ... for the instructions after it
 * @param parent the key of the step before, or of the base; empty for the FROM step
 * @param key the step's key
 * @param inputs what the key covers besides the parent
 */
public record RecordedStep(int index, Optional<CacheKey> parent, CacheKey key, StepInputs inputs) {
  public RecordedStep {
    if (index < 0) {
      throw new IllegalArgumentException("negative step index " + index);
    }
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(inputs, "inputs");
  }

  /** The step at {@code index} with its key computed from {@code parent} and {@code inputs}. */
  public static RecordedStep of(int index, Optional<CacheKey> parent, StepInputs inputs) {
    return new RecordedStep(index, parent, CacheKeyEncoder.key(parent, inputs), inputs);
  }

  /** How explanations name the step: {@code step 3 (COPY src /app)}. */
  public String describe() {
    String text = inputs.instruction();
    return "step " + index + (text.isEmpty() ? " (" + inputs.kind() + ")" : " (" + text + ")");
  }
}
