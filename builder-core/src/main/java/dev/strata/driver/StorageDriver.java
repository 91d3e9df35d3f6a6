package dev.strata.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes writable snapshots on top of chains of layers and finds what a snapshot changed: {@code
 * overlay} (kernel overlayfs, {@link OverlayDriver}) or {@code vfs} (full copies, {@link
 * VfsDriver}). {@link StorageDrivers#select} picks one. For the same step both give the same {@link
 * Diff}, and so the same layer bytes.
 *
 * <p>The layers a snapshot stands on are extracted once under the store's {@code layers/} and never
 * written by a snapshot. Callers keep them from garbage collection while snapshots use them (a
 * store lease for a build, {@link dev.strata.store.GcRoots} for containers). One snapshot is used
 * by one thread at a time.
 */
public interface StorageDriver {
  /** {@code overlay} or {@code vfs}. */
  String name();

  /**
   * A new writable snapshot of {@code parent} in a fresh directory of the store's staging area: a
   * build step's, gone when the store closes at the latest. Extracts the layers that are not yet
   * under {@code layers/}.
   *
   * @param id a name for messages and metadata: letters, digits, '.', '_', '-'
   * @throws dev.strata.StrataException when the snapshot cannot be made (a mount refused, a layer
   *     that does not extract); nothing is left behind then
   */
  Snapshot prepare(LayerChain parent, String id) throws IOException;

  /**
   * As {@link #prepare(LayerChain, String)}, in {@code home}, a directory the caller owns that must
   * not exist yet or be empty (a container's): the snapshot outlives the process; {@link #release}
   * it and {@link #open} it again later.
   */
  Snapshot prepare(LayerChain parent, String id, Path home) throws IOException;

  /** The snapshot kept in {@code home}, made ready for use again (overlay mounts it again). */
  Snapshot open(Path home) throws IOException;

  /**
   * What {@code snapshot} changed against its parent: every added, modified and deleted path, and
   * the directories made opaque. The snapshot must be prepared (or opened) and stays so.
   */
  Diff diff(Snapshot snapshot) throws IOException;

  /**
   * Keeps what {@code snapshot} changed ({@code diff}, as {@link #diff} found it) as the layer
   * directory of {@code top} on the snapshot's parent chain, when the driver can do so without a
   * copy (overlay: its upper directory is that layer, already in overlay form; vfs: the changed
   * entries move out of the snapshot), so that the next step need not extract the layer blob just
   * written from the diff. The snapshot is unusable afterwards; {@link #remove} it. Returns whether
   * the driver did it; when not, the layer is extracted from its blob on first use.
   */
  default boolean commit(Snapshot snapshot, Diff diff, LayerRef top) throws IOException {
    return false;
  }

  /**
   * Whether {@link #continueWith} can hand a finished snapshot on to the next step, so that a build
   * should hold a snapshot back from {@link #commit} until it knows what the next step needs.
   */
  default boolean continues() {
    return false;
  }

  /**
   * Snapshot {@code id} of {@code chain} made from {@code done} without copying, where {@code
   * done}'s changes are {@code chain}'s top layer, already written: {@code done} is used up and
   * must not be committed. Empty, with {@code done} untouched, where the driver cannot.
   */
  default Optional<Snapshot> continueWith(Snapshot done, LayerChain chain, String id)
      throws IOException {
    return Optional.empty();
  }

  /**
   * The directory where {@code snapshot}'s own entries are, laid out as its rootfs, if an entry
   * created there directly, below a directory the snapshot itself made, shows in the rootfs as it
   * is, and no file there is written again once the snapshot is committed: overlay's upper
   * directory (a step on top copies a file up before changing it). A build step may then hard-link
   * an identical file of another layer there instead of writing it, provided it commits or removes
   * the snapshot when it ends, and links a name before anything looks it up through the mount (the
   * kernel leaves changes beneath a mounted overlay undefined; a new name in a directory made
   * through the mount, not looked up before, shows as it is). Empty where every write must go
   * through the rootfs (vfs, whose tree the next step may go on changing in place).
   */
  default Optional<Path> linkableUpper(Snapshot snapshot) {
    return Optional.empty();
  }

  /**
   * Where {@code snapshot}'s files are as a plain directory that the caller may move away, once it
   * is done with the snapshot and before it removes it, for a later build to take files from
   * ({@link dev.strata.store.SpareTrees}): vfs's tree. Empty where the snapshot is not a plain
   * directory (overlay's rootfs is a mount).
   */
  default Optional<Path> movableTree(Snapshot snapshot) {
    return Optional.empty();
  }

  /** Takes the snapshot down (overlay unmounts it) but keeps its contents for {@link #open}. */
  void release(Snapshot snapshot) throws IOException;

  /** Takes the snapshot down and deletes everything it owns. Removing twice is harmless. */
  void remove(Snapshot snapshot) throws IOException;

  /** A read-only view of {@code chain}'s root filesystem, in the store's staging area. */
  ReadOnlyView view(LayerChain chain, String id) throws IOException;
}
