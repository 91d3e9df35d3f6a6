package dev.strata.driver;

import dev.strata.fs.Syscalls;
import dev.strata.fs.Xattrs;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
    if (!sameMetadata(s, p)) {
      return false;
    }
    if (s.type() == Syscalls.S_IFLNK
        && !Syscalls.readlink(snapshot).equals(Syscalls.readlink(parent))) {
      return false;
    }
    if (!xattrs(snapshot).equals(xattrs(parent))) {
      return false;
    }
    return !s.isRegularFile() || Files.mismatch(snapshot, parent) < 0;
  }

  /**
   * Whether the metadata a stat shows are the same: type, permission bits, owner, modification
   * time, and the size of a regular file or the device number of a device. {@link #same} also needs
   * this; when it fails, nothing else need be read.
   */
  static boolean sameMetadata(Stat s, Stat p) {
    if (s.type() != p.type()
        || s.permissions() != p.permissions()
        || s.uid() != p.uid()
        || s.gid() != p.gid()
        || s.mtimeNanos() != p.mtimeNanos()) {
      return false;
    }
    return switch (s.type()) {
      case Syscalls.S_IFREG -> s.size() == p.size();
      case Syscalls.S_IFCHR, Syscalls.S_IFBLK -> s.rdev() == p.rdev();
      default -> true;
    };
  }

  /** The extended attributes a layer would carry for {@code path}, values hex-encoded. */
  static Map<String, String> xattrs(Path path) throws IOException {
    return Xattrs.of(path, LayerWriter::exported);
  }
}
