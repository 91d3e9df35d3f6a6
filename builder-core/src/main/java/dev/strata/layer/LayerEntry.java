package dev.strata.layer;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a layer as read: a file-system object, or a whiteout (which deletes {@code path}) or
 * an opaque marker (which hides what the layers below had in directory {@code path}).
 *
 * @param path relative, '/'-separated, clean (no "." or ".."), no leading or trailing slash; "" for
 *     the root directory
 * @param mode the twelve permission bits (with setuid, setgid, sticky)
 * @param size content bytes (files only)
 * @param linkTarget a symlink's target as stored, or a hard link's target as a clean relative path
 * @param xattrs extended attributes, values as raw bytes; empty when none
 */
public record LayerEntry(
    String path,
    Type type,
    int mode,
    long uid,
    long gid,
    long size,
    Instant mtime,
    String linkTarget,
    int devMajor,
    int devMinor,
    Map<String, byte[]> xattrs) {

  /** What kind of entry. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    WHITEOUT,
    OPAQUE
  }

  /** Whether this entry deletes or hides something rather than adding it. */
  public boolean isWhiteout() {
    return type == Type.WHITEOUT || type == Type.OPAQUE;
  }

  /** A one-line listing like {@code ls -l}'s, for diffs and tests. */
  @Override
  public String toString() {
    String t =
        switch (type) {
          case FILE -> "-";
          case DIRECTORY -> "d";
          case SYMLINK -> "l";
          case HARDLINK -> "h";
          case CHAR_DEVICE -> "c";
          case BLOCK_DEVICE -> "b";
          case FIFO -> "p";
          case WHITEOUT -> "W";
          case OPAQUE -> "O";
        };
    StringBuilder b =
        new StringBuilder()
            .append(t)
            .append(' ')
            .append(String.format("%04o", mode))
            .append(' ')
            .append(uid)
            .append(':')
            .append(gid)
            .append(' ')
            .append(size)
            .append(' ')
            .append(mtime.getEpochSecond())
            .append(' ')
            .append(path.isEmpty() ? "." : path);
    if (linkTarget != null) {
      b.append(type == Type.SYMLINK ? " -> " : " link to ").append(linkTarget);
    }
    if (type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE) {
      b.append(' ').append(devMajor).append(',').append(devMinor);
    }
    if (!xattrs.isEmpty()) {
      b.append(" xattrs=").append(new java.util.TreeSet<>(xattrs.keySet()));
    }
    return b.toString();
  }
}
