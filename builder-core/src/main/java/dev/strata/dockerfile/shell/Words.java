package dev.strata.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the words of one expansion while it is scanned. Unquoted characters and the values of
 * unquoted expansions split on whitespace; escaped characters and quoted text never split. A word
 * exists only if it has at least one character, so {@code ""} on its own yields no word (as in
 * BuildKit, unlike a POSIX shell).
 */
final class Words {
  private final List<String> done = new ArrayList<>();
  private final StringBuilder current = new StringBuilder();

  /** An unquoted, unescaped character from the source: whitespace ends the current word. */
  void unquoted(int codePoint) {
    if (isSpace(codePoint)) {
      flush();
    } else {
      current.appendCodePoint(codePoint);
    }
  }

  /** The value of an unquoted expansion: split like unquoted source text. */
  void expanded(String value) {
    value.codePoints().forEach(this::unquoted);
  }

  /** An escaped character: always part of the current word. */
  void literal(int codePoint) {
    current.appendCodePoint(codePoint);
  }

  /** The content of a quoted section: always part of the current word. */
  void quoted(String text) {
    current.append(text);
  }

  /** The words collected so far, ending the current one. */
  List<String> finish() {
    flush();
    return List.copyOf(done);
  }

  private void flush() {
    if (current.length() > 0) {
      done.add(current.toString());
      current.setLength(0);
    }
  }

  /**
   * Whitespace as Go's {@code unicode.IsSpace} defines it (the Unicode White_Space property), which
   * is what BuildKit splits on. Java's {@code Character.isWhitespace} differs: it excludes U+0085
   * and the no-break spaces and includes U+001C..U+001F.
   */
  static boolean isSpace(int c) {
    return switch (c) {
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
          0x3000 ->
          true;
      default -> c >= 0x2000 && c <= 0x200A;
    };
  }
}
