package dev.strata.registry;

import dev.strata.image.Descriptor;

/**
 * A manifest or index as a registry served it: its descriptor (media type checked against the
 * content, digest computed from the bytes and checked against the one asked for) and its bytes.
 */
public record FetchedManifest(Descriptor descriptor, byte[] bytes) {}
