package dev.strata.context;

import java.util.ArrayList;
import java.util.List;

/**
 * Slash-separated paths with the lexical rules of Go's {@code path/filepath} on Unix, which is what
 * {@code .dockerignore} patterns and paths are written in.
 */
final class SlashPath {
  private SlashPath() {}

  /**
   * The shortest equivalent path by purely lexical processing, as Go's {@code filepath.Clean}:
   * repeated slashes collapse, {@code .} elements vanish, {@code ..} removes the element before it
   * (and is dropped at the root), a trailing slash goes, and the empty result is {@code .}.
   */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    List<String> kept = new ArrayList<>();
    int dotDotFloor = 0; // leading ".." of a relative path that cannot be cancelled
    for (String element : path.split("/", -1)) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (kept.size() > dotDotFloor) {
          kept.remove(kept.size() - 1);
        } else if (!rooted) {
          kept.add("..");
          dotDotFloor++;
        }
        continue;
      }
      kept.add(element);
    }
    String joined = String.join("/", kept);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** All but the last element, cleaned, as Go's {@code filepath.Dir}: {@code "a/b/" -> "a/b"}. */
  static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return clean(path.substring(0, slash + 1));
  }

  /** Whether {@code c} is white space by Go's {@code unicode.IsSpace}. */
  static boolean isGoSpace(int c) {
    switch (c) {
      case '\t',
      '\n',
      0x0B,
      '\f',
      '\r',
      ' ',
      0x85,
      0xA0,
      0x1680,
      0x2028,
      0x2029,
      0x202F,
      0x205F,
      0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /**
   * {@code s} without leading and trailing white space as Go's {@code strings.TrimSpace} sees it.
   */
  static String trimGoSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isGoSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }
}
