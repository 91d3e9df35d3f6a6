package dev.strata.driver;

import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.ParallelFileWork;
import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a merged tree into a directory as new, independent inodes: files as reflinks where the
 * file system can share extents (FICLONE), else byte for byte; never as hard links, which would let
 * a write in the copy reach the layer it came from. Names that share an inode in a layer become
 * separate files too, as an overlay copy-up separates them. Modes (with setuid, setgid, sticky),
 * owners, extended attributes, times, symlinks, device nodes and fifos are kept; sockets, which no
 * layer carries, are not.
 */
final class TreeCopy {
  private final boolean chown = Syscalls.isRoot();
  private final AtomicBoolean reflinks;
  private final Map<String, Long> inodes;
  private long maxCtime;

  /**
   * @param reflinks whether to try reflinks, shared by copies to the same file system and turned
   *     off at the first refusal
   * @param inodes receives each copied path's inode number
   */
  TreeCopy(AtomicBoolean reflinks, Map<String, Long> inodes) {
    this.reflinks = reflinks;
    this.inodes = inodes;
  }

  /** The latest ctime any copied inode got: whatever changes it later has a later one. */
  synchronized long maxCtime() {
    return maxCtime;
  }

  /**
   * Copies {@code source}'s children into {@code target}. Regular files are copied on several
   * threads; directories get their metadata last, deepest first, once everything below them exists
   * (creating an entry changes a directory's mtime).
   */
  void copy(LayerStack.Dir source, Path target) throws IOException {
    List<Copied> directories = new ArrayList<>();
    try (ParallelFileWork files = new ParallelFileWork(ParallelFileWork.THREADS)) {
      copy(source, target, files, directories);
      files.await();
    }
    for (Copied d : directories) {
      finishEntry(d.rel(), d.entry(), d.dest());
    }
  }

  /** A copied directory whose metadata waits until everything below it exists. */
  private record Copied(String rel, LayerStack.Entry entry, Path dest) {}

  private void copy(
      LayerStack.Dir source, Path target, ParallelFileWork files, List<Copied> directories)
      throws IOException {
    for (LayerStack.Entry e : source.children().values()) {
      String rel = TreePaths.join(source.rel(), e.name());
      Path dest = target.resolve(e.name());
      Stat s = e.stat();
      switch (s.type()) {
        case Syscalls.S_IFDIR -> {
          Files.createDirectory(dest);
          copy(e.dir(), dest, files, directories);
          directories.add(new Copied(rel, e, dest));
          continue;
        }
        case Syscalls.S_IFREG -> {
          files.submitIn(
              target,
              () -> {
                copyFile(e.path(), dest);
                finishEntry(rel, e, dest);
                return 0;
              });
          continue;
        }
        case Syscalls.S_IFLNK -> Syscalls.symlink(Syscalls.readlink(e.path()), dest);
        case Syscalls.S_IFCHR ->
            Syscalls.mknodChar(
                dest, s.permissions(), Syscalls.major(s.rdev()), Syscalls.minor(s.rdev()));
        case Syscalls.S_IFBLK ->
            Syscalls.mknodBlock(
                dest, s.permissions(), Syscalls.major(s.rdev()), Syscalls.minor(s.rdev()));
        case Syscalls.S_IFIFO -> Syscalls.mkfifo(dest, s.permissions());
        default -> {
          continue; // a socket
        }
      }
      finishEntry(rel, e, dest);
    }
  }

  /** Sets the copy's metadata and records its inode and ctime. */
  private void finishEntry(String rel, LayerStack.Entry e, Path dest) throws IOException {
    metadata(e.path(), e.stat(), dest);
    Stat copied = Stat.lstat(dest);
    synchronized (this) {
      inodes.put(rel, copied.ino());
      maxCtime = Math.max(maxCtime, copied.ctimeNanos());
    }
  }

  /**
   * Gives regular file {@code path} (its stat {@code s}) an inode of its own, with the same content
   * and the metadata a copy of the tree gives: a copy never keeps hard links, so a tree handed on
   * from one step to the next must not either. Leaves the directory's mtime as it was.
   */
  void unshare(Path path, Stat s) throws IOException {
    Path dir = path.getParent();
    Stat before = Stat.lstat(dir);
    Path tmp = dir.resolve(".strata-unshare-" + Long.toHexString(System.nanoTime()));
    copyFile(path, tmp);
    metadata(path, s, tmp);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Instant mtime = Instant.ofEpochSecond(0, before.mtimeNanos());
    Syscalls.lutimens(dir, mtime, mtime);
  }

  private void copyFile(Path source, Path dest) throws IOException {
    if (reflinks.get()) {
      try {
        Syscalls.cloneFile(source, dest);
        return;
      } catch (ErrnoException e) {
        if (!refusesReflinks(e.errno())) {
          throw e;
        }
        reflinks.set(false);
      }
    }
    Files.copy(source, dest);
  }

  /** The errors of a file system (or pair of them) that cannot share extents. */
  private static boolean refusesReflinks(int errno) {
    return errno == Errno.ENOTSUP
        || errno == Errno.EXDEV
        || errno == Errno.EINVAL
        || errno == Errno.ENOTTY
        || errno == Errno.EPERM;
  }

  /** Owner first (chown clears setuid bits and capabilities), then mode, attributes, times. */
  private void metadata(Path source, Stat s, Path dest) throws IOException {
    if (chown) {
      Syscalls.lchown(dest, s.uid(), s.gid());
    }
    if (!s.isSymlink()) {
      Syscalls.lchmod(dest, s.permissions());
    }
    for (Map.Entry<String, byte[]> x : xattrs(source).entrySet()) {
      Syscalls.lsetxattr(dest, x.getKey(), x.getValue());
    }
    Instant mtime = Instant.ofEpochSecond(0, s.mtimeNanos());
    Syscalls.lutimens(dest, mtime, mtime);
  }

  private static Map<String, byte[]> xattrs(Path p) throws IOException {
    List<String> names;
    try {
      names = Syscalls.llistxattr(p);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOTSUP) {
        return Map.of();
      }
      throw e;
    }
    Map<String, byte[]> out = new java.util.TreeMap<>();
    for (String n : new ArrayList<>(names)) {
      if (LayerWriter.exported(n)) {
        byte[] v = Syscalls.lgetxattr(p, n);
        if (v != null) {
          out.put(n, v);
        }
      }
    }
    return out;
  }
}
