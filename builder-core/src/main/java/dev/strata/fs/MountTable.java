package dev.strata.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mount table of this process (/proc/self/mountinfo), and taking mounts down: what the storage
 * drivers mount, and what the store unmounts before it deletes a directory a killed process left
 * with mounts inside, so that a delete never reaches through a mount into what is mounted there.
 */
public final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Every mount point in this process's mount namespace, in table order. */
  public static List<Path> mountPoints() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
      String[] f = line.split(" ");
      if (f.length > 4) {
        out.add(Path.of(unescape(f[4])));
      }
    }
    return out;
  }

  public static boolean isMountPoint(Path dir) throws IOException {
    return mountPoints().contains(real(dir));
  }

  /** The mount points at or below {@code dir}, deepest first (the order to unmount them in). */
  public static List<Path> under(Path dir) throws IOException {
    Path d = real(dir);
    List<Path> out = new ArrayList<>();
    for (Path p : mountPoints()) {
      if (p.startsWith(d) && !out.contains(p)) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return out;
  }

  /**
   * Unmounts {@code dir} if something is mounted there (every layer of mounts stacked on it). A
   * mount still in use by some process is detached lazily: it leaves the tree at once and the
   * kernel frees it when the last user goes.
   */
  public static void unmount(Path dir) throws IOException {
    Path d = real(dir);
    while (isMountPoint(d)) {
      try {
        Syscalls.umount(d, 0);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EBUSY) {
          throw e;
        }
        Syscalls.umount(d, Syscalls.MNT_DETACH);
      }
    }
  }

  /** The path the mount table would show for {@code p}: symlinks resolved where it exists. */
  public static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** Unmounts everything mounted at or below {@code dir}. */
  public static void unmountUnder(Path dir) throws IOException {
    for (Path p : under(dir)) {
      unmount(p);
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
