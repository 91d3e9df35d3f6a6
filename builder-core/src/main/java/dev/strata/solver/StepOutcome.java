package dev.strata.solver;

import dev.strata.cache.CacheKey;
import dev.strata.image.Descriptor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one step of a build, for {@code --metadata-file} and {@code --explain}.
 *
 * @param step the step
 * @param key its cache key
 * @param cached whether the key hit
 * @param layer the layer it added, if any
 * @param elapsed how long it took (zero for hits)
 * @param missReason why it missed; empty for hits
 */
public record StepOutcome(
    StepId step,
    CacheKey key,
    boolean cached,
    Optional<Descriptor> layer,
    Duration elapsed,
    Optional<String> missReason) {
  public StepOutcome {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(missReason, "missReason");
  }
}
