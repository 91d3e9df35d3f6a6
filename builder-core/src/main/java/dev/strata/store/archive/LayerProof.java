package dev.strata.store.archive;

import dev.strata.Digest;

/**
 * That layer blob {@code digest}, read as media type {@code mediaType}, passed every {@link
 * LayerCheck} and unpacks to {@code diffId}: what a pull proves while it downloads a layer, so that
 * the load that follows need not read the blob again. A proof names all three, and a loader uses it
 * only for a layer whose manifest and config say exactly these.
 */
public record LayerProof(Digest digest, String mediaType, Digest diffId) {}
