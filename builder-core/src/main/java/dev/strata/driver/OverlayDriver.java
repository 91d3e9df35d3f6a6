package dev.strata.driver;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.MountTable;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import dev.strata.store.LayerDir;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code overlay} storage driver: each layer is extracted once under {@code layers/<chain id>}
 * with overlayfs whiteouts, a snapshot mounts its parent's layers as lower directories with a fresh
 * upper and work directory of its own, and its diff is read from the upper directory alone, checked
 * against the parent tree so that it is the diff {@link VfsDriver} finds for the same change: an
 * overlay whiteout over something the parent has is a deletion; an opaque directory hides all the
 * parent had there; a directory or file copied up without a change of its own (a parent of a
 * change, a file opened for writing and left as it was) is not a change.
 *
 * <p>A snapshot's home holds {@code upper/}, {@code work/}, {@code merged/} (the mount, the
 * snapshot's rootfs), {@code lower/} (an empty bottom layer, for chains of none) and, for chains
 * too long for one page of mount options, {@code l/} with short links to the layers.
 */
public final class OverlayDriver implements StorageDriver {
  public static final String NAME = "overlay";

  private final Store store;
  private final LayerDirs layers;

  OverlayDriver(Store store, LayerDirs layers) {
    this.store = store;
    this.layers = layers;
  }

  /**
   * The overlay driver on {@code store}.
   *
   * @throws StrataException when overlay mounts do not work here, saying why
   */
  public static OverlayDriver create(Store store) throws IOException {
    KernelSupport.OverlayProbe probe = KernelSupport.overlay(store);
    if (!probe.usable()) {
      throw new StrataException("storage driver overlay cannot work here: " + probe.reason());
    }
    return new OverlayDriver(store, new LayerDirs(store, WhiteoutMode.OVERLAY));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Snapshot prepare(LayerChain parent, String id) throws IOException {
    SnapshotRecord.checkId(id);
    return create(parent, id, store.newTempDirectory("snapshot-" + id), true);
  }

  @Override
  public Snapshot prepare(LayerChain parent, String id, Path home) throws IOException {
    SnapshotRecord.checkId(id);
    Homes.Claim claim = Homes.claim(home);
    return create(parent, id, claim.dir(), claim.created());
  }

  private Snapshot create(LayerChain parent, String id, Path home, boolean ownsHome)
      throws IOException {
    try {
      for (String d : List.of("upper", "work", "merged", "lower")) {
        Files.createDirectory(home.resolve(d));
      }
      Syscalls.lchmod(home.resolve("upper"), 0755);
      new SnapshotRecord(id, NAME, parent, 0).write(home);
      Snapshot s = snapshot(id, home, parent);
      mount(s);
      return s;
    } catch (IOException | RuntimeException e) {
      Homes.abandon(home, ownsHome, e);
      throw failure("prepare overlay snapshot " + id, e);
    }
  }

  private static Snapshot snapshot(String id, Path home, LayerChain parent) {
    return new Snapshot(id, NAME, home, home.resolve("merged"), parent);
  }

  @Override
  public Snapshot open(Path home) throws IOException {
    SnapshotRecord r = SnapshotRecord.read(home, NAME);
    Snapshot s = snapshot(r.id(), home.toAbsolutePath().normalize(), r.parent());
    if (!MountTable.isMountPoint(s.rootfs())) {
      try {
        mount(s);
      } catch (IOException | RuntimeException e) {
        throw failure("mount overlay snapshot " + r.id(), e);
      }
    }
    return s;
  }

  private void mount(Snapshot s) throws IOException {
    Path home = s.home();
    List<Path> lower = lowerTopFirst(s.parent());
    if (lower.isEmpty()) {
      lower = List.of(home.resolve("lower"));
    }
    Path links = home.resolve("l");
    TreeDeletion.delete(links);
    OverlayMount.mount(lower, home.resolve("upper"), home.resolve("work"), s.rootfs(), links);
  }

  /** The layer directories of {@code chain}, top first, in overlay form; the empty dir if none. */
  private List<Path> lowerTopFirst(LayerChain chain) throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (LayerDir dir : layers.ensure(chain)) {
      OverlayForm.ensure(store, dir);
      dirs.add(dir.diff());
    }
    Collections.reverse(dirs);
    return dirs;
  }

  @Override
  public Diff diff(Snapshot snapshot) throws IOException {
    if (!MountTable.isMountPoint(snapshot.rootfs())) {
      throw new StrataException(
          "overlay snapshot " + snapshot.id() + " is not mounted at " + snapshot.rootfs());
    }
    LayerStack stack = LayerStack.of(layers.diffs(snapshot.parent()));
    ChangeRecorder changes = new ChangeRecorder();
    new UpperWalk(changes).directory("", snapshot.home().resolve("upper"), stack.root(), true);
    return new Diff(changes.changeSet(), snapshot.rootfs());
  }

  @Override
  public boolean commit(Snapshot snapshot, Diff diff, LayerRef top) throws IOException {
    MountTable.unmount(snapshot.rootfs());
    Path upper = snapshot.home().resolve("upper");
    OverlayXattrs.stripBookkeeping(upper);
    Digest parent = snapshot.parent().chainId().orElse(null);
    store.layers().adopt(parent, top.diffId(), top.blob(), upper);
    return true;
  }

  @Override
  public Optional<Path> linkableUpper(Snapshot snapshot) {
    return Optional.of(snapshot.home().resolve("upper"));
  }

  @Override
  public void release(Snapshot snapshot) throws IOException {
    MountTable.unmount(snapshot.rootfs());
  }

  @Override
  public void remove(Snapshot snapshot) throws IOException {
    TreeDeletion.delete(snapshot.home());
  }

  @Override
  public ReadOnlyView view(LayerChain chain, String id) throws IOException {
    SnapshotRecord.checkId(id);
    Path dir = store.newTempDirectory("view-" + id);
    try {
      Path root = Files.createDirectory(dir.resolve("merged"));
      Path empty = Files.createDirectory(dir.resolve("lower"));
      List<Path> lower = new ArrayList<>(lowerTopFirst(chain));
      // Without an upper directory overlay wants two lower ones; an empty one changes nothing.
      lower.add(empty);
      OverlayMount.mount(lower, null, null, root, dir.resolve("l"));
      return new ReadOnlyView(root, () -> TreeDeletion.delete(dir));
    } catch (IOException | RuntimeException e) {
      Homes.abandon(dir, true, e);
      throw failure("mount a read-only overlay of " + id, e);
    }
  }

  private static StrataException failure(String what, Exception e) {
    if (e instanceof StrataException se) {
      return se;
    }
    return new StrataException("cannot " + what + ": " + e.getMessage(), e);
  }

  /** Reads an upper directory against the parent tree. */
  private static final class UpperWalk {
    private final ChangeRecorder changes;

    UpperWalk(ChangeRecorder changes) {
      this.changes = changes;
    }

    /**
     * @param parent the parent's directory at {@code rel}, or null when it has none there
     * @param merged whether overlay shows the parent's entries here (no opaque directory, no
     *     replaced or new directory on the way), so that only whiteouts delete them
     */
    void directory(String rel, Path upper, LayerStack.Dir parent, boolean merged)
        throws IOException {
      Set<String> present = new HashSet<>();
      List<String> whitedOut = new ArrayList<>();
      for (String name : LayerStack.list(upper)) {
        String childRel = TreePaths.join(rel, name);
        Path child = upper.resolve(name);
        Stat s = Stat.lstat(child);
        if (s == null) {
          continue;
        }
        LayerStack.Entry p = parent == null ? null : parent.child(name);
        if (s.isOverlayWhiteout()) {
          if (p != null) {
            whitedOut.add(name);
          }
          continue;
        }
        present.add(name);
        if (s.isDirectory() && Syscalls.lgetxattr(child, "trusted.overlay.redirect") != null) {
          throw new StrataException(
              "overlay moved directory " + childRel + " by redirect, which strata mounts without");
        }
        if (p == null || !EntryComparator.same(child, s, p.path(), p.stat())) {
          changes.changed(childRel, p != null);
        }
        if (s.isDirectory()) {
          LayerStack.Dir below = p != null && p.dir() != null ? p.dir() : null;
          boolean stillMerged = merged && below != null && !LayerStack.isOpaque(child);
          directory(childRel, child, below, stillMerged);
        }
      }
      if (parent == null) {
        return;
      }
      List<String> deleted = new ArrayList<>();
      if (merged) {
        deleted.addAll(whitedOut);
      } else {
        for (String name : parent.children().keySet()) {
          if (!present.contains(name)) {
            deleted.add(name);
          }
        }
      }
      if (!deleted.isEmpty()) {
        changes.deletedIn(rel, deleted, parent.children().size());
      }
    }
  }
}
