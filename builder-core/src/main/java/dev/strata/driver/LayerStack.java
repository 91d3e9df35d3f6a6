package dev.strata.driver;

import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.Whiteouts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The root filesystem a chain of layer directories makes, read in place without copying: what a
 * snapshot's parent looks like. Lookups follow overlayfs' rules, so the view is the one an overlay
 * mount of the same directories shows: the topmost layer that has a name wins; a non-directory
 * hides everything below it; a directory merges with the directories of that name below it until
 * one is opaque. Whiteouts are understood in both forms a layer directory may hold them: overlayfs'
 * (a 0/0 character device, {@code trusted.overlay.opaque=y}) and OCI's ({@code .wh.NAME}, {@code
 * .wh..wh..opq}).
 */
final class LayerStack {
  private final List<Path> layersTopFirst;

  private LayerStack(List<Path> layersTopFirst) {
    this.layersTopFirst = List.copyOf(layersTopFirst);
  }

  /** The stack of layer directories {@code diffDirs}, given base first as chains list them. */
  static LayerStack of(List<Path> diffDirs) {
    List<Path> top = new ArrayList<>(diffDirs);
    Collections.reverse(top);
    return new LayerStack(top);
  }

  /** The root directory of the merged tree. */
  Dir root() throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path layer : layersTopFirst) {
      dirs.add(layer);
      if (isOpaque(layer)) {
        break;
      }
    }
    return new Dir("", dirs);
  }

  /** The entry at {@code rel} ('/'-separated, relative), or null when the tree has none. */
  Entry lookup(String rel) throws IOException {
    Dir dir = root();
    String[] parts = rel.split("/");
    Entry e = null;
    for (int i = 0; i < parts.length; i++) {
      e = dir.child(parts[i]);
      if (e == null) {
        return null;
      }
      if (i < parts.length - 1) {
        if (!e.stat().isDirectory()) {
          return null;
        }
        dir = e.dir();
      }
    }
    return e;
  }

  /**
   * One directory of the merged tree: its path and the directories of that path in each layer that
   * contributes to it, top first (the first one's metadata is the directory's).
   */
  static final class Dir implements ParentTree.Dir {
    private final String rel;
    private final List<Path> dirs;
    private SortedMap<String, Entry> children;

    Dir(String rel, List<Path> dirs) {
      this.rel = rel;
      this.dirs = dirs;
    }

    String rel() {
      return rel;
    }

    /** The entry called {@code name} in this directory, or null when there is none. */
    @Override
    public Entry child(String name) throws IOException {
      if (children != null) {
        return children.get(name);
      }
      String childRel = TreePaths.join(rel, name);
      String whiteout = Whiteouts.whiteoutName(name);
      Path top = null;
      Stat topStat = null;
      List<Path> merged = new ArrayList<>();
      for (Path d : dirs) {
        Path p = d.resolve(name);
        Stat s = Stat.lstat(p);
        if (s == null) {
          if (Files.exists(d.resolve(whiteout), LinkOption.NOFOLLOW_LINKS)) {
            break;
          }
          continue;
        }
        if (s.isOverlayWhiteout() || (top != null && !s.isDirectory())) {
          break;
        }
        if (top == null) {
          top = p;
          topStat = s;
          if (!s.isDirectory()) {
            break;
          }
        }
        merged.add(p);
        // A directory that hides what lies below it: opaque, or whited out in its own layer.
        if (isOpaque(p) || Files.exists(d.resolve(whiteout), LinkOption.NOFOLLOW_LINKS)) {
          break;
        }
      }
      if (top == null) {
        return null;
      }
      return new Entry(
          name, top, topStat, topStat.isDirectory() ? new Dir(childRel, merged) : null);
    }

    @Override
    public java.util.Collection<String> names() throws IOException {
      return children().keySet();
    }

    /** Every entry of this directory, by name in byte order. */
    SortedMap<String, Entry> children() throws IOException {
      if (children == null) {
        TreeSet<String> names = new TreeSet<>(TreePaths.BYTE_ORDER);
        for (Path d : dirs) {
          for (String n : list(d)) {
            if (!Whiteouts.isReserved(n)) {
              names.add(n);
            }
          }
        }
        SortedMap<String, Entry> all = new TreeMap<>(TreePaths.BYTE_ORDER);
        for (String n : names) {
          Entry e = child(n);
          if (e != null) {
            all.put(n, e);
          }
        }
        children = Collections.unmodifiableSortedMap(all);
      }
      return children;
    }
  }

  /**
   * One entry of the merged tree: the file in the layer that provides it, its metadata, and for a
   * directory the merged directory.
   */
  record Entry(String name, Path path, Stat stat, Dir dir) implements ParentTree.Entry {
    @Override
    public boolean same(Path snapshotPath, Stat s) throws IOException {
      return EntryComparator.same(snapshotPath, s, path, stat);
    }
  }

  static List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }

  /** Whether a layer's directory hides the directories of that name below it. */
  static boolean isOpaque(Path dir) throws IOException {
    if (Files.exists(dir.resolve(Whiteouts.OPAQUE), LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try {
      byte[] v = Syscalls.lgetxattr(dir, LayerApplier.OVERLAY_OPAQUE);
      return v != null && Arrays.equals(v, new byte[] {'y'});
    } catch (ErrnoException e) {
      // No extended attributes here, or not allowed to read trusted.*: not opaque in that form.
      if (e.errno() == Errno.ENOTSUP || e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
        return false;
      }
      throw e;
    }
  }
}
