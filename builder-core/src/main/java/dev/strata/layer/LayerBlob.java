package dev.strata.layer;

import dev.strata.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * A written layer: the diffID (sha256 of the uncompressed tar, as listed in an image config's
 * rootfs), the digest and size of the compressed bytes (as listed in a manifest), the media type
 * those bytes have, and, for gzip, where its segments are, for later layers to reuse.
 */
public record LayerBlob(
    Digest diffId, Digest digest, long size, String mediaType, Optional<SegmentTable> segments) {
  public LayerBlob {
    Objects.requireNonNull(segments, "segments");
  }
}
