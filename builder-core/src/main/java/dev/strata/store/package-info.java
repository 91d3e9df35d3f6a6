/**
 * The content-addressed store: blobs, references, extracted layers, locks, garbage collection and
 * checking. {@link dev.strata.store.ResolvedImage} reads an image's manifest and config for one
 * platform; {@link dev.strata.store.LayerExtractor#standard()} extracts layers with {@code
 * dev.strata.layer}'s confined applier. Image archives (OCI layouts, OCI archives, docker-archives,
 * rootfs tarballs) go in and out through {@code dev.strata.store.archive}.
 */
package dev.strata.store;
