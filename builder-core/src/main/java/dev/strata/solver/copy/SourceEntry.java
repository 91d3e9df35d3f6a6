package dev.strata.solver.copy;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * One file, directory, link or special file of a copy source, as lstat saw it (never followed).
 *
 * @param path relative to the source root, slash-separated; empty for the root
 * @param kind what it is
 * @param mode permission bits with setuid, setgid and sticky
 * @param uid owner as the copy sees it (0 for a build context, whose owners docker resets)
 * @param gid group as the copy sees it
 * @param size size in bytes
 * @param mtime modification time
 * @param linkTarget the target of a symbolic link, byte for byte; null for anything else
 * @param device st_dev, to recognise hard links
 * @param inode st_ino, to recognise hard links
 * @param links st_nlink
 * @param rdev the device number of a device node
 */
record SourceEntry(
    String path,
    Kind kind,
    int mode,
    int uid,
    int gid,
    long size,
    Instant mtime,
    String linkTarget,
    long device,
    long inode,
    int links,
    long rdev) {

  /** The kinds of file a copy handles. */
  enum Kind {
    FILE,
    DIR,
    SYMLINK,
    FIFO,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    SOCKET;

    static Kind of(int stMode) {
      return switch (stMode & Syscalls.S_IFMT) {
        case Syscalls.S_IFREG -> FILE;
        case Syscalls.S_IFDIR -> DIR;
        case Syscalls.S_IFLNK -> SYMLINK;
        case Syscalls.S_IFIFO -> FIFO;
        case Syscalls.S_IFCHR -> CHAR_DEVICE;
        case Syscalls.S_IFBLK -> BLOCK_DEVICE;
        default -> SOCKET;
      };
    }
  }

  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  boolean isDirectory() {
    return kind == Kind.DIR;
  }

  /** lstat of {@code host}, named {@code path}, with its owners unless {@code resetOwners}. */
  static SourceEntry stat(Path host, String path, boolean resetOwners) throws IOException {
    Map<String, Object> a = Files.readAttributes(host, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int stMode = (Integer) a.get("mode");
    Kind kind = Kind.of(stMode);
    return new SourceEntry(
        path,
        kind,
        stMode & 07777,
        resetOwners ? 0 : (Integer) a.get("uid"),
        resetOwners ? 0 : (Integer) a.get("gid"),
        (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).toInstant(),
        kind == Kind.SYMLINK ? Syscalls.readlink(host) : null,
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Integer) a.get("nlink"),
        (Long) a.get("rdev"));
  }

  SourceEntry withPath(String newPath) {
    return new SourceEntry(
        newPath, kind, mode, uid, gid, size, mtime, linkTarget, device, inode, links, rdev);
  }
}
