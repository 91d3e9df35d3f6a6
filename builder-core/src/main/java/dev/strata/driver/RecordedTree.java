package dev.strata.driver;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot's tree as it stood when the snapshot was handed on to the next step: each entry's
 * stat, recorded by one walk. It stands in for the parent's layer directories when the next step's
 * changes are found, because the tree it describes is that parent and the step changes it in place.
 * An entry whose stat no longer matches has changed; one whose stat still matches (a file rewritten
 * with the same size and its mtime set back, an extended attribute changed) is compared in full
 * against the parent's layer directories, which {@code layers} makes on first use.
 */
final class RecordedTree {
  /**
   * Makes the parent's layer directories: only needed for the rare entry recorded stats cannot
   * tell.
   */
  interface Layers {
    LayerStack stack() throws IOException;
  }

  private final Layers layers;
  private LayerStack stack;
  private long maxCtime;

  private RecordedTree(Layers layers) {
    this.layers = layers;
  }

  /**
   * Records every entry below {@code rootfs}, putting each path's inode into {@code inodes}. First
   * makes the tree what a copy of it would be ({@link TreeCopy}), since that is what the next step
   * would otherwise get: hard links are split into files of their own (with {@code copies}) and
   * sockets are removed.
   *
   * @return the recording; {@link #maxCtime()} is the newest ctime it saw
   */
  static RecordedTree record(Path rootfs, Map<String, Long> inodes, TreeCopy copies, Layers layers)
      throws IOException {
    RecordedTree tree = new RecordedTree(layers);
    tree.root = tree.directory("", rootfs, inodes, copies);
    return tree;
  }

  private RecordedDir root;

  ParentTree.Dir root() {
    return root;
  }

  long maxCtime() {
    return maxCtime;
  }

  private RecordedDir directory(String rel, Path dir, Map<String, Long> inodes, TreeCopy copies)
      throws IOException {
    SortedMap<String, RecordedEntry> children = new TreeMap<>(TreePaths.BYTE_ORDER);
    Stat own = Stat.lstat(dir);
    boolean changed = false;
    for (String name : LayerStack.list(dir)) {
      String childRel = TreePaths.join(rel, name);
      Path child = dir.resolve(name);
      Stat s = Stat.lstat(child);
      if (s == null) {
        continue;
      }
      if (s.type() == Syscalls.S_IFSOCK) {
        Files.delete(child);
        changed = true;
        continue;
      }
      RecordedDir sub = null;
      if (s.isDirectory()) {
        sub = directory(childRel, child, inodes, copies);
        s = Stat.lstat(child);
      } else if (s.isRegularFile() && s.nlink() > 1) {
        copies.unshare(child, s);
        s = Stat.lstat(child);
      }
      inodes.put(childRel, s.ino());
      maxCtime = Math.max(maxCtime, s.ctimeNanos());
      children.put(
          name,
          s.isRegularFile()
              ? new RecordedEntry(childRel, s, null, null, null)
              : new RecordedEntry(
                  childRel,
                  s,
                  sub,
                  s.isSymlink() ? Syscalls.readlink(child) : null,
                  EntryComparator.xattrs(child)));
    }
    if (changed && !rel.isEmpty()) {
      Instant mtime = Instant.ofEpochSecond(0, own.mtimeNanos());
      Syscalls.lutimens(dir, mtime, mtime);
    }
    return new RecordedDir(children);
  }

  private synchronized LayerStack stack() throws IOException {
    if (stack == null) {
      stack = layers.stack();
    }
    return stack;
  }

  private final class RecordedDir implements ParentTree.Dir {
    private final SortedMap<String, RecordedEntry> children;

    RecordedDir(SortedMap<String, RecordedEntry> children) {
      this.children = children;
    }

    @Override
    public ParentTree.Entry child(String name) {
      return children.get(name);
    }

    @Override
    public Collection<String> names() {
      return children.keySet();
    }
  }

  private final class RecordedEntry implements ParentTree.Entry {
    private final String rel;
    private final Stat stat;
    private final RecordedDir dir;
    private final String linkTarget;
    private final Map<String, String> xattrs; // null for a regular file

    RecordedEntry(
        String rel, Stat stat, RecordedDir dir, String linkTarget, Map<String, String> xattrs) {
      this.rel = rel;
      this.stat = stat;
      this.dir = dir;
      this.linkTarget = linkTarget;
      this.xattrs = xattrs;
    }

    @Override
    public Stat stat() {
      return stat;
    }

    @Override
    public ParentTree.Dir dir() {
      return dir;
    }

    @Override
    public boolean same(Path path, Stat s) throws IOException {
      if (!EntryComparator.sameMetadata(s, stat)) {
        return false;
      }
      if (xattrs != null) {
        return (linkTarget == null || linkTarget.equals(Syscalls.readlink(path)))
            && xattrs.equals(EntryComparator.xattrs(path));
      }
      LayerStack.Entry parent = stack().lookup(rel);
      return parent != null && EntryComparator.same(path, s, parent.path(), parent.stat());
    }
  }
}
