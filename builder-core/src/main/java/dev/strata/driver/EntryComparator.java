package dev.strata.driver;

import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether a path in a snapshot differs from the same path in its parent, by everything a
 * layer records: type, permission bits, owner, modification time (to the nanosecond), device
 * number, link target, the extended attributes a layer carries, and for a regular file its size
 * and, when all of that is equal, its bytes (a file rewritten and its mtime set back is still a
 * change). Directories compare by their own metadata, never by size. Both drivers use this one
 * rule, which is what makes their layers the same.
 */
final class EntryComparator {
  private EntryComparator() {}

  static boolean same(Path snapshot, Stat s, Path parent, Stat p) throws IOException {
    if (s.type() != p.type()
        || s.permissions() != p.permissions()
        || s.uid() != p.uid()
        || s.gid() != p.gid()
        || s.mtimeNanos() != p.mtimeNanos()) {
      return false;
    }
    switch (s.type()) {
      case Syscalls.S_IFREG:
        if (s.size() != p.size()) {
          return false;
        }
        break;
      case Syscalls.S_IFLNK:
        if (!Syscalls.readlink(snapshot).equals(Syscalls.readlink(parent))) {
          return false;
        }
        break;
      case Syscalls.S_IFCHR:
      case Syscalls.S_IFBLK:
        if (s.rdev() != p.rdev()) {
          return false;
        }
        break;
      default:
        break;
    }
    if (!xattrs(snapshot).equals(xattrs(parent))) {
      return false;
    }
    return !s.isRegularFile() || Files.mismatch(snapshot, parent) < 0;
  }

  /** The extended attributes a layer would carry for {@code path}, values hex-encoded. */
  static Map<String, String> xattrs(Path path) throws IOException {
    Map<String, String> out = new TreeMap<>();
    List<String> names;
    try {
      names = Syscalls.llistxattr(path);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOTSUP) {
        return out;
      }
      throw e;
    }
    for (String n : names) {
      if (LayerWriter.exported(n)) {
        byte[] v = Syscalls.lgetxattr(path, n);
        if (v != null) {
          out.put(n, HexFormat.of().formatHex(v));
        }
      }
    }
    return out;
  }
}
