package dev.strata.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Extended attributes of a file as a value that two files can be compared by. */
public final class Xattrs {
  private Xattrs() {}

  /**
   * The attributes of {@code path} (not following a link) whose names {@code kept} accepts, by
   * name, values hex-encoded; none where the file system has no extended attributes.
   */
  public static Map<String, String> of(Path path, Predicate<String> kept) throws IOException {
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
    for (String name : names) {
      if (kept.test(name)) {
        byte[] v = Syscalls.lgetxattr(path, name);
        if (v != null) {
          out.put(name, HexFormat.of().formatHex(v));
        }
      }
    }
    return out;
  }
}
