package dev.strata.context;

/**
 * One {@code .dockerignore} pattern after cleaning, with the match rules of moby/patternmatcher.
 *
 * <p>A pattern is compared in one of four ways, chosen from its shape the way patternmatcher
 * chooses: exact text, a prefix (pattern ends in {@code **} and has no other wildcard), a suffix
 * (pattern starts with {@code **} and has no other wildcard), or a regular expression in which
 * {@code *} is {@code [^/]*}, {@code ?} is {@code [^/]}, a leading or inner {@code **} (with the
 * slash after it) is {@code (.*\/)?}, a trailing {@code **} is {@code .*}, and bracket expressions
 * and backslash escapes are passed to the expression as written. A pattern whose expression does
 * not compile is accepted when the list is built and fails every time it is evaluated, like
 * patternmatcher's.
 */
public final class IgnorePattern {
  private enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX
  }

  private final String source;
  private final String cleaned;
  private final boolean exception;
  private final int depth;
  private final Kind kind;
  private final PathRegex regex;
  private final String regexError;

  IgnorePattern(String source, String cleaned, boolean exception) {
    this.source = source;
    this.cleaned = cleaned;
    this.exception = exception;
    this.depth = cleaned.split("/", -1).length;
    StringBuilder expression = new StringBuilder("^");
    this.kind = translate(cleaned, expression);
    PathRegex compiled = null;
    String error = null;
    if (kind == Kind.REGEX) {
      expression.append('$');
      try {
        compiled = PathRegex.compile(expression.toString());
      } catch (PathRegex.SyntaxException e) {
        error = e.getMessage();
      }
    }
    this.regex = compiled;
    this.regexError = error;
  }

  /** The pattern as given to the matcher, before trimming and cleaning. */
  public String source() {
    return source;
  }

  /** The cleaned pattern without its leading {@code !}. */
  public String text() {
    return cleaned;
  }

  /** Whether this is an exception ({@code !pattern}) that re-includes what it matches. */
  public boolean isException() {
    return exception;
  }

  /** How many slash-separated elements the cleaned pattern has. */
  int depth() {
    return depth;
  }

  /**
   * Whether {@code path} (slash-separated, relative) matches this pattern itself, ignoring its
   * parents. Throws {@link IgnorePatternException} when the pattern's expression is invalid.
   */
  public boolean matches(String path) {
    switch (kind) {
      case EXACT:
        return path.equals(cleaned);
      case PREFIX:
        return path.startsWith(cleaned.substring(0, cleaned.length() - 2));
      case SUFFIX:
        String suffix = cleaned.substring(2);
        if (path.endsWith(suffix)) {
          return true;
        }
        // "**/foo" also matches "foo" itself.
        return suffix.startsWith("/") && path.equals(suffix.substring(1));
      default:
        if (regex == null) {
          throw new IgnorePatternException(
              source,
              "invalid .dockerignore pattern "
                  + quote(source)
                  + ": syntax error in pattern ("
                  + regexError
                  + ")");
        }
        return regex.find(path);
    }
  }

  /** Like {@link #matches} but a broken pattern simply does not match (for parent lookups). */
  boolean matchesQuietly(String path) {
    return (kind != Kind.REGEX || regex != null) && matches(path);
  }

  /**
   * Builds the RE2 text for {@code pattern} into {@code out} and returns how the pattern is to be
   * compared. The rules, including their quirks (the first-token check that makes {@code **x} a
   * plain suffix test, escapes that keep a later plain pattern a regular expression), are those of
   * patternmatcher, since .dockerignore files in the wild are written against them.
   */
  private static Kind translate(String pattern, StringBuilder out) {
    int[] cps = pattern.codePoints().toArray();
    int n = cps.length;
    Kind kind = Kind.EXACT;
    int k = 0;
    for (int token = 0; k < n; token++) {
      int ch = cps[k++];
      if (ch == '*') {
        if (k < n && cps[k] == '*') {
          k++;
          if (k < n && cps[k] == '/') {
            k++;
          }
          if (k == n) {
            if (kind == Kind.EXACT) {
              kind = Kind.PREFIX;
            } else {
              out.append(".*");
              kind = Kind.REGEX;
            }
          } else {
            out.append("(.*/)?");
            kind = Kind.REGEX;
          }
          if (token == 0) {
            kind = Kind.SUFFIX;
          }
        } else {
          out.append("[^/]*");
          kind = Kind.REGEX;
        }
      } else if (ch == '?') {
        out.append("[^/]");
        kind = Kind.REGEX;
      } else if (ch < 0x80 && ".+()|{}$".indexOf(ch) >= 0) {
        out.append('\\').appendCodePoint(ch);
      } else if (ch == '\\') {
        if (k < n) {
          out.append('\\').appendCodePoint(cps[k++]);
          kind = Kind.REGEX;
        } else {
          out.append('\\');
        }
      } else if (ch == '[' || ch == ']') {
        out.appendCodePoint(ch);
        kind = Kind.REGEX;
      } else {
        out.appendCodePoint(ch);
      }
    }
    return kind;
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  @Override
  public String toString() {
    return (exception ? "!" : "") + cleaned;
  }
}
