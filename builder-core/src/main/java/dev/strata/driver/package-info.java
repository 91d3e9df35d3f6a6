/**
 * Storage drivers: writable snapshots on top of chains of layers, and what a snapshot changed.
 *
 * <ul>
 *   <li>{@link dev.strata.driver.StorageDriver} prepares a {@link dev.strata.driver.Snapshot} from
 *       a {@link dev.strata.driver.LayerChain}, gives its {@link dev.strata.driver.Diff} (a {@link
 *       dev.strata.layer.ChangeSet} and the root to read it from, for {@link
 *       dev.strata.layer.LayerWriter}), releases and removes it, and mounts {@link
 *       dev.strata.driver.ReadOnlyView read-only views} of chains.
 *   <li>{@link dev.strata.driver.OverlayDriver} mounts kernel overlayfs over layer directories
 *       extracted once under the store's {@code layers/}; {@link dev.strata.driver.VfsDriver}
 *       copies the parent tree (reflinks where possible, never hard links) and compares.
 *   <li>{@link dev.strata.driver.StorageDrivers#select} picks one by name, or overlay where a test
 *       mount works and vfs with a notice elsewhere.
 * </ul>
 *
 * <p>The rule that matters most: for the same change both drivers give the same change set, and so
 * byte-identical layers. They share the layer directories, the merged view of them, the entry
 * comparison and the rule that turns deletions into whiteouts or opaque directories; they differ
 * only in how they find the candidates (an overlay upper directory, or inodes touched since the
 * copy).
 */
package dev.strata.driver;
