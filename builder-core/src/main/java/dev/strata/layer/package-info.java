/**
 * OCI layer tarballs: deterministic writing, confined applying, whiteouts, compression.
 *
 * <ul>
 *   <li>{@link dev.strata.layer.LayerWriter} writes a tree or a {@link dev.strata.layer.ChangeSet}
 *       as a layer and returns a {@link dev.strata.layer.LayerBlob} (diffID, digest, size, media
 *       type) computed in the same pass.
 *   <li>{@link dev.strata.layer.LayerApplier} applies a layer stream onto a directory with OCI
 *       whiteout semantics, confined to that directory.
 *   <li>{@link dev.strata.layer.LayerReader} iterates a layer's {@link dev.strata.layer.LayerEntry
 *       entries} for listings and diffs.
 *   <li>{@link dev.strata.layer.Compression} names gzip, zstd or none, their media types, and
 *       detects them by magic bytes.
 * </ul>
 *
 * <p>Bad layer content is a {@link dev.strata.layer.LayerFormatException}; {@link
 * dev.strata.layer.LayerLimits} bound what reading may cost.
 */
package dev.strata.layer;
