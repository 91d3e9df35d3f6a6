package dev.strata.dockerfile;

/**
 * Whitespace as Docker's Go code sees it ({@code unicode.IsSpace}): the ASCII blanks, NEL, NBSP and
 * the Unicode space separators. Java's {@link Character#isWhitespace} differs (it excludes NBSP and
 * includes the ASCII information separators), and a parser that trims differently splits
 * differently.
 */
public final class Spaces {
  private Spaces() {}

  /** Whether the code point is white space for Docker. */
  public static boolean isSpace(int c) {
    switch (c) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
        return true;
      default:
        return c >= 0x100 && Character.isSpaceChar(c);
    }
  }

  /** Whether the character is one of the blanks {@code [\t\v\f\r ]} that separate words. */
  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** The string without leading and trailing white space. */
  public static String trim(String s) {
    return trimTrailing(trimLeading(s));
  }

  /** The string without leading white space. */
  public static String trimLeading(String s) {
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (!isSpace(c)) {
        break;
      }
      i += Character.charCount(c);
    }
    return s.substring(i);
  }

  /** The string without trailing white space. */
  public static String trimTrailing(String s) {
    int end = s.length();
    while (end > 0) {
      int c = s.codePointBefore(end);
      if (!isSpace(c)) {
        break;
      }
      end -= Character.charCount(c);
    }
    return s.substring(0, end);
  }

  /** Whether the string is empty or only white space. */
  public static boolean isAllSpace(String s) {
    return trimLeading(s).isEmpty();
  }
}
