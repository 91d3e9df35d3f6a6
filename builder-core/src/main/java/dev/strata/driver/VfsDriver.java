package dev.strata.driver;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code vfs} storage driver: a snapshot is a real copy of its parent's root filesystem ({@link
 * TreeCopy}: reflinks where the file system has them, never hard links), and its diff comes from
 * comparing the copy with the parent tree as the layer directories make it ({@link LayerStack}),
 * path by path with {@link EntryComparator}. Works without root and on any file system; costs a
 * copy per snapshot.
 *
 * <p>Comparing is cheap where nothing happened: at prepare time the driver records each copied
 * path's inode and a baseline time after the last copied inode's ctime. An inode that is still the
 * one copied to its path and whose ctime is older than the baseline has not been touched since
 * (every write, chmod, chown, link, rename and attribute change sets ctime, which no user call can
 * set back), so it needs no comparison. Everything else is compared in full.
 */
public final class VfsDriver implements StorageDriver {
  public static final String NAME = "vfs";

  private static final String ROOTFS = "rootfs";

  private final Store store;
  private final LayerDirs layers;
  private final AtomicBoolean reflinks = new AtomicBoolean(true);
  private final Map<Path, Map<String, Long>> inodeCache = new ConcurrentHashMap<>();
  // Snapshots continued from the step before, with their tree as it was handed on.
  private final Map<Path, RecordedTree> handedOn = new ConcurrentHashMap<>();
  private final WhiteoutMode whiteouts;

  VfsDriver(Store store, LayerDirs layers, WhiteoutMode whiteouts) {
    this.store = store;
    this.layers = layers;
    this.whiteouts = whiteouts;
  }

  /** The vfs driver on {@code store}. */
  public static VfsDriver create(Store store) throws IOException {
    WhiteoutMode mode = KernelSupport.whiteoutMode(store);
    return new VfsDriver(store, new LayerDirs(store, mode), mode);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Whether copies are still tried as reflinks (false once the file system refused one). */
  boolean triesReflinks() {
    return reflinks.get();
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
      Path rootfs = Files.createDirectory(home.resolve(ROOTFS));
      Syscalls.lchmod(rootfs, 0755);
      LayerStack stack = LayerStack.of(layers.diffs(parent));
      Map<String, Long> inodes = new HashMap<>();
      TreeCopy copy = new TreeCopy(reflinks, inodes);
      copy.copy(stack.root(), rootfs);
      long baseline = Baseline.after(home, copy.maxCtime());
      return register(id, home, rootfs, parent, inodes, baseline, null);
    } catch (IOException | RuntimeException e) {
      throw failed("prepare", id, home, ownsHome, e);
    }
  }

  /**
   * Writes a new snapshot's inode map and record, and keeps its inodes (and the tree it was handed,
   * if any) for {@link #diff}.
   */
  private Snapshot register(
      String id,
      Path home,
      Path rootfs,
      LayerChain parent,
      Map<String, Long> inodes,
      long baseline,
      RecordedTree handed)
      throws IOException {
    InodeMap.write(home.resolve(InodeMap.FILE), inodes);
    new SnapshotRecord(id, NAME, parent, baseline).write(home);
    inodeCache.put(home, inodes);
    if (handed != null) {
      handedOn.put(home, handed);
    }
    return new Snapshot(id, NAME, home, rootfs, parent);
  }

  /** Removes what a snapshot that failed to come about left, and says why it failed. */
  private StrataException failed(String what, String id, Path home, boolean ownsHome, Exception e) {
    inodeCache.remove(home);
    handedOn.remove(home);
    Homes.abandon(home, ownsHome, e);
    return e instanceof StrataException se
        ? se
        : new StrataException(
            "cannot " + what + " vfs snapshot " + id + " in " + home + ": " + e.getMessage(), e);
  }

  @Override
  public Snapshot open(Path home) throws IOException {
    Path dir = home.toAbsolutePath().normalize();
    SnapshotRecord r = SnapshotRecord.read(dir, NAME);
    return new Snapshot(r.id(), NAME, dir, dir.resolve(ROOTFS), r.parent());
  }

  @Override
  public Diff diff(Snapshot snapshot) throws IOException {
    SnapshotRecord r = SnapshotRecord.read(snapshot.home(), NAME);
    Map<String, Long> inodes = inodeCache.get(snapshot.home());
    if (inodes == null) {
      inodes = InodeMap.read(snapshot.home().resolve(InodeMap.FILE));
      inodeCache.put(snapshot.home(), inodes);
    }
    RecordedTree handed = handedOn.get(snapshot.home());
    ParentTree.Dir parent =
        handed != null ? handed.root() : LayerStack.of(layers.diffs(r.parent())).root();
    ChangeRecorder changes = new ChangeRecorder();
    new Walk(inodes, r.baselineNanos(), changes).directory("", snapshot.rootfs(), parent, false);
    return new Diff(changes.changeSet(), snapshot.rootfs());
  }

  /**
   * {@inheritDoc}
   *
   * <p>vfs moves the changed entries out of the snapshot into the layer directory ({@link
   * DiffMover}) where layer directories hold overlay whiteouts (as root); elsewhere the layer is
   * extracted from its blob when first needed.
   */
  @Override
  public boolean commit(Snapshot snapshot, Diff diff, LayerRef top) throws IOException {
    if (whiteouts != WhiteoutMode.OVERLAY) {
      return false;
    }
    Path work = store.newTempDirectory("vfs-layer");
    try {
      Path layer = Files.createDirectory(work.resolve("diff"));
      Syscalls.lchmod(layer, 0755);
      try {
        DiffMover.move(snapshot.rootfs(), diff.changes(), layer);
      } catch (IOException | RuntimeException e) {
        return false; // the blob is written: the layer is extracted from it when needed
      }
      Digest parent = snapshot.parent().chainId().orElse(null);
      store.layers().adopt(parent, top.diffId(), top.blob(), layer);
      return true;
    } finally {
      TreeDeletion.delete(work);
    }
  }

  @Override
  public boolean continues() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>vfs moves {@code done}'s tree into the new snapshot and records the stat of every entry in
   * one walk ({@link RecordedTree}): the new snapshot's changes are found against that record, with
   * the same inode and change-time shortcut a copied snapshot gets. This saves copying the whole
   * root filesystem for each step; the layer directory of {@code done}'s step is then made from its
   * blob only if something needs it.
   */
  @Override
  public Optional<Snapshot> continueWith(Snapshot done, LayerChain chain, String id)
      throws IOException {
    SnapshotRecord.checkId(id);
    Path home = store.newTempDirectory("snapshot-" + id);
    Path rootfs = home.resolve(ROOTFS);
    try {
      Files.move(done.rootfs(), rootfs, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      TreeDeletion.delete(home);
      return Optional.empty();
    }
    remove(done);
    try {
      Map<String, Long> inodes = new HashMap<>();
      RecordedTree tree =
          RecordedTree.record(
              rootfs,
              inodes,
              new TreeCopy(reflinks, new HashMap<>()),
              () -> LayerStack.of(layers.diffs(chain)));
      long baseline = Baseline.after(home, tree.maxCtime());
      return Optional.of(register(id, home, rootfs, chain, inodes, baseline, tree));
    } catch (IOException | RuntimeException e) {
      throw failed("continue", id, home, true, e);
    }
  }

  @Override
  public Optional<Path> movableTree(Snapshot snapshot) {
    return Optional.of(snapshot.rootfs());
  }

  @Override
  public void release(Snapshot snapshot) {
    // Nothing is mounted: the copy stays as it is until removed.
  }

  @Override
  public void remove(Snapshot snapshot) throws IOException {
    inodeCache.remove(snapshot.home());
    handedOn.remove(snapshot.home());
    TreeDeletion.delete(snapshot.home());
  }

  /**
   * {@inheritDoc}
   *
   * <p>A copy of the chain, bind-mounted read-only onto itself when running as root; without root
   * nothing can be mounted, and the view is a private copy that only convention keeps unchanged.
   */
  @Override
  public ReadOnlyView view(LayerChain chain, String id) throws IOException {
    SnapshotRecord.checkId(id);
    Path dir = store.newTempDirectory("view-" + id);
    try {
      Path root = Files.createDirectory(dir.resolve(ROOTFS));
      Syscalls.lchmod(root, 0755);
      new TreeCopy(reflinks, new HashMap<>()).copy(LayerStack.of(layers.diffs(chain)).root(), root);
      if (Syscalls.isRoot()) {
        // Read-only for real: a bind mount of the copy onto itself, remounted read-only.
        Syscalls.mount(root.toString(), root, null, Syscalls.MS_BIND, null);
        Syscalls.mount(
            null, root, null, Syscalls.MS_REMOUNT | Syscalls.MS_BIND | Syscalls.MS_RDONLY, null);
      }
      return new ReadOnlyView(root, () -> TreeDeletion.delete(dir));
    } catch (IOException | RuntimeException e) {
      Homes.abandon(dir, true, e);
      throw new StrataException("cannot make a vfs view of " + id + ": " + e.getMessage(), e);
    }
  }

  /** Compares one directory of the snapshot with the parent's, and everything below it. */
  private static final class Walk {
    private final Map<String, Long> inodes;
    private final long baseline;
    private final ChangeRecorder changes;

    Walk(Map<String, Long> inodes, long baseline, ChangeRecorder changes) {
      this.inodes = inodes;
      this.baseline = baseline;
      this.changes = changes;
    }

    /**
     * @param parent the parent's directory at {@code rel}, or null when the parent has no directory
     *     there
     * @param intact whether this directory is untouched, so its entries are the copied ones
     */
    void directory(String rel, Path dir, ParentTree.Dir parent, boolean intact) throws IOException {
      List<String> names = LayerStack.list(dir);
      for (String name : names) {
        String childRel = TreePaths.join(rel, name);
        Path child = dir.resolve(name);
        Stat s = Stat.lstat(child);
        if (s == null) {
          continue; // gone while we looked: a racing writer, not ours to record
        }
        boolean untouched = untouched(childRel, s);
        ParentTree.Entry p = null;
        if (!untouched || s.isDirectory()) {
          p = parent == null ? null : parent.child(name);
        }
        if (!untouched && (p == null || !p.same(child, s))) {
          changes.changed(childRel, p != null);
        }
        if (s.isDirectory()) {
          directory(childRel, child, p != null && p.dir() != null ? p.dir() : null, untouched);
        }
      }
      if (parent != null && !intact) {
        java.util.Set<String> here = new java.util.HashSet<>(names);
        List<String> deleted = new ArrayList<>();
        java.util.Collection<String> before = parent.names();
        for (String name : before) {
          if (!here.contains(name)) {
            deleted.add(name);
          }
        }
        changes.deletedIn(rel, deleted, before.size());
      }
    }

    private boolean untouched(String rel, Stat s) {
      Long ino = inodes.get(rel);
      return ino != null && ino == s.ino() && s.ctimeNanos() < baseline;
    }
  }
}
