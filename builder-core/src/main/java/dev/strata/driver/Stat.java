package dev.strata.driver;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What lstat(2) says about one path: the fields the drivers copy and compare. */
record Stat(
    int mode,
    int uid,
    int gid,
    long size,
    long mtimeNanos,
    long ctimeNanos,
    long rdev,
    long dev,
    long ino,
    int nlink) {
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,ctime,rdev,dev,ino,nlink";

  /** The path itself (never a link's target), or null when nothing is there. */
  static Stat lstat(Path path) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      // A component that is a file, not a directory: nothing is there either.
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return null;
      }
      throw e;
    }
    return new Stat(
        (Integer) a.get("mode"),
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Long) a.get("size"),
        nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")),
        (Long) a.get("rdev"),
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Integer) a.get("nlink"));
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }

  int type() {
    return mode & Syscalls.S_IFMT;
  }

  int permissions() {
    return mode & 07777;
  }

  boolean isDirectory() {
    return type() == Syscalls.S_IFDIR;
  }

  boolean isRegularFile() {
    return type() == Syscalls.S_IFREG;
  }

  boolean isSymlink() {
    return type() == Syscalls.S_IFLNK;
  }

  /** An overlayfs whiteout: a character device with device number 0/0. */
  boolean isOverlayWhiteout() {
    return type() == Syscalls.S_IFCHR && rdev == 0;
  }
}
