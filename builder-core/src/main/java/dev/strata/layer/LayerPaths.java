package dev.strata.layer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Relative '/'-separated paths as layers carry them, and the byte order entries are sorted in. */
final class LayerPaths {
  /** File names compared by their UTF-8 bytes, as C's strcmp and Go's sort do. */
  static final Comparator<String> BYTE_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private LayerPaths() {}

  /**
   * {@code path} without leading slashes, "." and empty components; a path that climbs with ".." is
   * refused (an {@link IllegalArgumentException}: callers pass paths they made).
   */
  static String normalizeRelative(String path) {
    String n = normalizeEntryName(path);
    if (n == null) {
      throw new IllegalArgumentException("path climbs out of the root: " + path);
    }
    return n;
  }

  /**
   * A tar entry name made relative and clean: leading slashes and "./" dropped, "." and empty
   * components removed, ".." resolved lexically. Null when ".." would climb above the root.
   */
  static String normalizeEntryName(String name) {
    List<String> parts = new ArrayList<>();
    for (String p : name.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
        continue;
      }
      parts.add(p);
    }
    return String.join("/", parts);
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String base(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
