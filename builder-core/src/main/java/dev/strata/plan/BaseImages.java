package dev.strata.plan;

import dev.strata.image.ImageConfig;
import dev.strata.image.Platform;
import java.util.Optional;

/**
 * Looks up the config of a base image named in FROM, so that the planner can start a stage from the
 * image's Env, WorkingDir, User, Shell and ONBUILD triggers, as docker build does.
 */
@FunctionalInterface
public interface BaseImages {
  /** For planning without a store ({@code strata parse}): every base image is unknown. */
  BaseImages UNKNOWN = (reference, platform) -> Optional.empty();

  /**
   * The config of {@code reference} for {@code platform}, or empty when it is not known; a lookup
   * that fails for another reason throws a {@link dev.strata.StrataException}.
   */
  Optional<ImageConfig> config(String reference, Platform platform);
}
