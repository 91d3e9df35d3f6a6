package dev.strata.solver.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a COPY or ADD writes, as BuildKit computes it: a relative destination is joined to the
 * step's WORKDIR; {@code .} and an empty destination mean the WORKDIR itself as a directory; a
 * trailing {@code /} (or {@code /.}) marks a directory, which is created when missing.
 *
 * @param path absolute and lexically clean, inside the rootfs ({@code ..} stops at {@code /})
 * @param directory whether the destination was written as a directory
 */
record Destination(String path, boolean directory) {
  static Destination of(String destination, String workdir) {
    String dest = destination;
    if (dest.isEmpty() || dest.equals(".")) {
      dest = "./";
    }
    boolean directory = dest.endsWith("/") || dest.endsWith("/.");
    String joined = dest.startsWith("/") ? dest : (workdir.isEmpty() ? "/" : workdir) + "/" + dest;
    String clean = clean(joined);
    return new Destination(clean, directory || clean.equals("/"));
  }

  /** {@code p} made absolute, without empty, {@code .} or {@code ..} elements. */
  static String clean(String p) {
    List<String> parts = new ArrayList<>();
    for (String c : p.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(c);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** The clean parent of absolute clean {@code p}; {@code /} for {@code /}. */
  static String parent(String p) {
    int slash = p.lastIndexOf('/');
    return slash <= 0 ? "/" : p.substring(0, slash);
  }

  /** The last element of clean {@code p}; empty for the root. */
  static String base(String p) {
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** The directory that must exist before the copy: the destination itself, or its parent. */
  String ensured() {
    return directory ? path : parent(path);
  }
}
