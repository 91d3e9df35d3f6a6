package dev.strata.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lstat} fields that identify a version of a file's content: if none of them changed,
 * the content did not either (the ctime catches writes whose mtime was put back).
 *
 * @param device {@code st_dev}
 * @param inode {@code st_ino}
 * @param mode {@code st_mode}, type bits included
 * @param uid {@code st_uid}
 * @param gid {@code st_gid}
 * @param size {@code st_size}
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param ctimeNanos status change time, nanoseconds since the epoch
 */
record FileStat(
    long device,
    long inode,
    int mode,
    int uid,
    int gid,
    long size,
    long mtimeNanos,
    long ctimeNanos) {

  private static final String ATTRIBUTES = "unix:dev,ino,mode,uid,gid,size,lastModifiedTime,ctime";

  // By hand rather than generated: the stat cache compares one per context file, and the generated
  // equals dispatches through method handles that cost microseconds a call until compiled.
  @Override
  public boolean equals(Object o) {
    return o instanceof FileStat s
        && device == s.device
        && inode == s.inode
        && mode == s.mode
        && uid == s.uid
        && gid == s.gid
        && size == s.size
        && mtimeNanos == s.mtimeNanos
        && ctimeNanos == s.ctimeNanos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(inode) * 31 + Long.hashCode(mtimeNanos);
  }

  /** {@code lstat} of {@code path}: a symbolic link is described, not followed. */
  static FileStat of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new FileStat(
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Integer) a.get("mode"),
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Long) a.get("size"),
        nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")));
  }

  EntryType type() {
    return EntryType.ofMode(mode);
  }

  /** Permission bits with setuid, setgid and sticky. */
  int permissions() {
    return mode & 07777;
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }
}
