package dev.strata.layer;

import dev.strata.Digest;

/**
 * A written layer: the diffID (sha256 of the uncompressed tar, as listed in an image config's
 * rootfs), the digest and size of the compressed bytes (as listed in a manifest), and the media
 * type those bytes have.
 */
public record LayerBlob(Digest diffId, Digest digest, long size, String mediaType) {}
