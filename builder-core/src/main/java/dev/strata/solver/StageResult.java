package dev.strata.solver;

import dev.strata.cache.CacheKey;
import dev.strata.driver.LayerChain;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import java.util.List;

/**
 * A stage as built: its layers (for the storage driver and for the manifest), its image config with
 * history, and the cache key of its last step, which a stage built FROM it continues from.
 */
record StageResult(LayerChain chain, List<Descriptor> layers, ImageConfig config, CacheKey key) {
  StageResult {
    layers = List.copyOf(layers);
  }
}
