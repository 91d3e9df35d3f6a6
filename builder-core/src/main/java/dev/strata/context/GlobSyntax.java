package dev.strata.context;

/**
 * The syntax check of Go's {@code filepath.Match} on Unix, which patternmatcher runs on every
 * pattern when the pattern list is built.
 *
 * <p>Go's matcher validates every chunk it reaches and, since Go 1.16, the rest of the pattern
 * after a mismatch too, so a pattern is rejected exactly when one of its chunks (the text between
 * unbracketed stars) is malformed: an unterminated or empty bracket expression, a bracket
 * expression that starts with {@code -} or {@code ]} or has a range with a missing end, or a
 * trailing backslash. Go does not check that a range's ends are in order; the regular expression
 * built later does.
 */
final class GlobSyntax {
  private GlobSyntax() {}

  static boolean isValid(String pattern) {
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      while (i < n && pattern.charAt(i) == '*') {
        i++;
      }
      int start = i;
      boolean inRange = false;
      for (; i < n; i++) {
        char c = pattern.charAt(i);
        if (c == '\\') {
          if (i + 1 < n) {
            i++;
          }
        } else if (c == '[') {
          inRange = true;
        } else if (c == ']') {
          inRange = false;
        } else if (c == '*' && !inRange) {
          break;
        }
      }
      if (!isValidChunk(pattern.substring(start, i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValidChunk(String chunk) {
    int j = 0;
    int n = chunk.length();
    while (j < n) {
      char c = chunk.charAt(j);
      if (c == '[') {
        j++;
        if (j < n && chunk.charAt(j) == '^') {
          j++;
        }
        int ranges = 0;
        while (true) {
          if (j < n && chunk.charAt(j) == ']' && ranges > 0) {
            j++;
            break;
          }
          j = afterClassChar(chunk, j);
          if (j < 0) {
            return false;
          }
          if (chunk.charAt(j) == '-') {
            j = afterClassChar(chunk, j + 1);
            if (j < 0) {
              return false;
            }
          }
          ranges++;
        }
      } else if (c == '\\') {
        j++;
        if (j == n) {
          return false;
        }
        j++;
      } else {
        j++;
      }
    }
    return true;
  }

  /**
   * The index after one (possibly escaped) character of a bracket expression starting at {@code j},
   * or -1 when the character is missing or not allowed there. Like Go, a character that ends the
   * chunk is an error too, since the bracket then cannot close.
   */
  private static int afterClassChar(String chunk, int j) {
    int n = chunk.length();
    if (j >= n || chunk.charAt(j) == '-' || chunk.charAt(j) == ']') {
      return -1;
    }
    if (chunk.charAt(j) == '\\') {
      j++;
      if (j >= n) {
        return -1;
      }
    }
    j += Character.charCount(chunk.codePointAt(j));
    return j >= n ? -1 : j;
  }
}
