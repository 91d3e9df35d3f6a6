package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer a cached step produced, as its image will list it.
 *
 * @param mediaType the blob's media type (compression included)
 * @param blob the digest of the blob in the store
 * @param size the blob's size in bytes
 * @param diffId the digest of the uncompressed tar
 * @param chainId the chain id of the layer stack it tops, when known: the extracted layer directory
 *     the entry keeps for the storage driver
 */
public record CachedLayer(
    String mediaType, Digest blob, long size, Digest diffId, Optional<Digest> chainId) {
  public CachedLayer {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(chainId, "chainId");
    if (mediaType.isEmpty()) {
      throw new StrataException("cached layer " + blob + " has no media type");
    }
    if (size < 0) {
      throw new StrataException("cached layer " + blob + " has a negative size: " + size);
    }
  }

  /** The layer as a manifest lists it. */
  public Descriptor descriptor() {
    return new Descriptor(mediaType, blob, size);
  }

  /** The layer of {@code descriptor} with {@code diffId}. */
  public static CachedLayer of(Descriptor descriptor, Digest diffId, Optional<Digest> chainId) {
    return new CachedLayer(
        descriptor.mediaType(), descriptor.digest(), descriptor.size(), diffId, chainId);
  }
}
