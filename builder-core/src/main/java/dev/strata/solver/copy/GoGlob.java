package dev.strata.solver.copy;

/**
 * A pattern with the syntax and meaning of Go's {@code path/filepath.Match} on Unix, which is what
 * COPY and ADD sources are matched with: {@code *} is any run of characters but {@code /}, {@code
 * ?} one character but {@code /}, {@code [...]} a class of characters or ranges ({@code ^} negates;
 * as in Go, a class may match {@code /}), and {@code \} makes the next character literal.
 */
final class GoGlob {
  private final String pattern;

  private GoGlob(String pattern) {
    this.pattern = pattern;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException when the pattern is malformed (an unclosed or empty class, a
   *     range without an end, a trailing backslash), with the reason
   */
  static GoGlob compile(String pattern) {
    String problem = syntaxProblem(pattern);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new GoGlob(pattern);
  }

  /**
   * Whether a path element holds a wildcard: {@code *}, {@code ?} or {@code [} not escaped by a
   * backslash. A source whose elements hold none is a plain path, backslashes included.
   */
  static boolean hasWildcards(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /** Whether the whole of {@code name} matches. */
  boolean matches(String name) {
    return match(0, name, 0);
  }

  private boolean match(int pi, String s, int si) {
    String p = pattern;
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return s.indexOf('/', si) < 0;
        }
        for (int k = si; k <= s.length(); k++) {
          if (match(pi, s, k)) {
            return true;
          }
          if (k < s.length() && s.charAt(k) == '/') {
            return false;
          }
        }
        return false;
      }
      if (si >= s.length()) {
        return false;
      }
      int sc = s.codePointAt(si);
      if (c == '?') {
        if (sc == '/') {
          return false;
        }
        pi++;
      } else if (c == '[') {
        int end = classEnd(pi);
        if (!classMatches(pi, end, sc)) {
          return false;
        }
        pi = end;
      } else {
        if (c == '\\') {
          pi++;
        }
        int pc = p.codePointAt(pi);
        if (pc != sc) {
          return false;
        }
        pi += Character.charCount(pc);
      }
      si += Character.charCount(sc);
    }
    return si == s.length();
  }

  /** The index after the class that starts at {@code start} (a valid pattern is assumed). */
  private int classEnd(int start) {
    int i = start + 1;
    if (pattern.charAt(i) == '^') {
      i++;
    }
    boolean first = true;
    while (first || pattern.charAt(i) != ']') {
      first = false;
      i = afterClassChar(pattern, i);
      if (pattern.charAt(i) == '-') {
        i = afterClassChar(pattern, i + 1);
      }
    }
    return i + 1;
  }

  private boolean classMatches(int start, int end, int c) {
    int i = start + 1;
    boolean negated = pattern.charAt(i) == '^';
    if (negated) {
      i++;
    }
    boolean matched = false;
    while (i < end - 1) {
      int lo = classChar(pattern, i);
      i = afterClassChar(pattern, i);
      int hi = lo;
      if (pattern.charAt(i) == '-') {
        hi = classChar(pattern, i + 1);
        i = afterClassChar(pattern, i + 1);
      }
      if (lo <= c && c <= hi) {
        matched = true;
      }
    }
    return matched != negated;
  }

  private static int classChar(String p, int i) {
    return p.charAt(i) == '\\' ? p.codePointAt(i + 1) : p.codePointAt(i);
  }

  private static int afterClassChar(String p, int i) {
    if (p.charAt(i) == '\\') {
      i++;
    }
    return i + Character.charCount(p.codePointAt(i));
  }

  /** Why {@code p} is not a valid filepath.Match pattern, or null when it is. */
  static String syntaxProblem(String p) {
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\') {
        if (i + 1 >= p.length()) {
          return "a backslash at the end of the pattern escapes nothing";
        }
        i += 1 + Character.charCount(p.codePointAt(i + 1));
      } else if (c == '[') {
        i++;
        if (i < p.length() && p.charAt(i) == '^') {
          i++;
        }
        int ranges = 0;
        while (true) {
          if (i < p.length() && p.charAt(i) == ']' && ranges > 0) {
            i++;
            break;
          }
          i = checkedClassChar(p, i);
          if (i < 0) {
            return "a character class is not closed or has an empty range";
          }
          if (p.charAt(i) == '-') {
            i = checkedClassChar(p, i + 1);
            if (i < 0) {
              return "a character range has no end";
            }
          }
          ranges++;
        }
      } else {
        i += Character.charCount(p.codePointAt(i));
      }
    }
    return null;
  }

  /** As Go's getEsc: the index after one class character, or -1 when missing or not allowed. */
  private static int checkedClassChar(String p, int i) {
    if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') {
      return -1;
    }
    if (p.charAt(i) == '\\') {
      i++;
      if (i >= p.length()) {
        return -1;
      }
    }
    i += Character.charCount(p.codePointAt(i));
    return i >= p.length() ? -1 : i;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
