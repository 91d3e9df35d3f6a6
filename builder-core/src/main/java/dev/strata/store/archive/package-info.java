/**
 * Image archives in and out of the store: OCI image layouts (directories) and OCI archives (their
 * tar form), {@code docker save} tarballs, and rootfs tarballs imported as one-layer images.
 *
 * <ul>
 *   <li>{@link dev.strata.store.archive.ImageLoader} reads an OCI layout, an OCI archive or a
 *       docker-archive, copying only what the images reference into the store and verifying every
 *       blob against its digest and every layer against its config's diff id before the images are
 *       recorded.
 *   <li>{@link dev.strata.store.archive.ImageSaver} writes images as an OCI layout, an OCI archive
 *       or a docker-archive that {@code docker load} accepts.
 *   <li>{@link dev.strata.store.archive.RootfsImporter} turns a tar, tar.gz or tar.zst of a root
 *       filesystem into a one-layer image, as {@code docker import} does.
 * </ul>
 *
 * <p>Bad input is a {@link dev.strata.StrataException} naming the archive and the entry; the store
 * keeps nothing of a failed load.
 */
package dev.strata.store.archive;
