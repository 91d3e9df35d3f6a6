package dev.strata.context;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One file, directory, symbolic link or special file of a build context, as the walk saw it.
 *
 * @param path relative to the context root, slash-separated, never empty, never {@code .} or {@code
 *     ..} elements
 * @param type what kind of file it is
 * @param mode permission bits plus setuid, setgid and sticky ({@code mode & 07777})
 * @param uid owner user id
 * @param gid owner group id
 * @param size size in bytes as {@code lstat} reports it (a link's target length for links)
 * @param modified last modification time
 * @param linkTarget the link's target text for {@link EntryType#SYMLINK}, else null; links are
 *     never followed
 */
public record ContextEntry(
    String path,
    EntryType type,
    int mode,
    int uid,
    int gid,
    long size,
    Instant modified,
    String linkTarget) {

  /**
   * The order of a depth-first walk with each directory's names sorted by code point: a directory
   * comes right before its contents ({@code a}, {@code a/b}, {@code a-c}), as BuildKit sends them.
   */
  public static final Comparator<String> PATH_ORDER = ContextEntry::comparePaths;

  public ContextEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(modified, "modified");
    if ((type == EntryType.SYMLINK) != (linkTarget != null)) {
      throw new IllegalArgumentException("a link target belongs to symlinks only: " + path);
    }
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode has more than permission bits: " + path);
    }
  }

  public boolean isFile() {
    return type == EntryType.FILE;
  }

  public boolean isDirectory() {
    return type == EntryType.DIR;
  }

  public boolean isSymlink() {
    return type == EntryType.SYMLINK;
  }

  private static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        // A separator ends a name, so it sorts before every character a longer name could have.
        return Integer.compare(ca == '/' ? -1 : ca, cb == '/' ? -1 : cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
