package dev.strata.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.strata.Digest;
import dev.strata.image.Descriptor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step produced, stored under its key: the layer it added (none for a step that changed only
 * the config or changed no file) and when it was made, which a hit reuses so that a rebuild that
 * hits everywhere gives the same image.
 *
 * @param layer the layer blob, or null
 * @param diffId the digest of the uncompressed layer, or null
 * @param created when the step ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheEntry(Descriptor layer, Digest diffId, Instant created) {
  public CacheEntry {
    if ((layer == null) != (diffId == null)) {
      throw new IllegalArgumentException("a layer needs its diff id and a diff id its layer");
    }
    Objects.requireNonNull(created, "created");
  }

  /** An entry for a step that added no layer. */
  public static CacheEntry withoutLayer(Instant created) {
    return new CacheEntry(null, null, created);
  }

  public Optional<Descriptor> layerDescriptor() {
    return Optional.ofNullable(layer);
  }
}
