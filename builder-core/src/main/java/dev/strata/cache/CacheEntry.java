package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.image.ContainerConfig;
import dev.strata.image.History;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a cache hit reuses instead of running a step: the layers it produced (none for a step that
 * changes only the config), the container config after it, and its history entry. The config is the
 * whole config after the step rather than a difference: the key covers the parent, so the config
 * before is fixed and the whole config after is the simplest exact record of the change.
 *
 * @param key the step's cache key
 * @param layers the layers the step added, in order; empty for metadata-only steps
 * @param config the container config after the step
 * @param history the step's history entry ({@code created_by}, {@code empty_layer})
 * @param inputs the digests of the step's input components ({@link StepInputs#summary()})
 * @param created when the entry was recorded
 */
public record CacheEntry(
    CacheKey key,
    List<CachedLayer> layers,
    ContainerConfig config,
    History history,
    Map<String, Digest> inputs,
    Instant created) {
  public CacheEntry {
    Objects.requireNonNull(key, "key");
    layers = List.copyOf(layers);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(history, "history");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    Objects.requireNonNull(created, "created");
  }

  /** The same entry under {@code other}: a step's result reachable by a second key. */
  public CacheEntry withKey(CacheKey other) {
    return new CacheEntry(other, layers, config, history, inputs, created);
  }

  /** Whether the step changed only the config. */
  public boolean metadataOnly() {
    return layers.isEmpty();
  }
}
