package dev.strata.context;

import dev.strata.StrataException;

/**
 * A {@code .dockerignore} pattern that cannot be used: a lone {@code !}, or a pattern that fails
 * Go's {@code filepath.Match} syntax or its regular-expression translation. The message names the
 * pattern (and, when known, the ignore file and line).
 */
public final class IgnorePatternException extends StrataException {
  private static final long serialVersionUID = 1L;

  private final String pattern;

  public IgnorePatternException(String pattern, String message) {
    super(message);
    this.pattern = pattern;
  }

  /** The offending pattern as it was given. */
  public String pattern() {
    return pattern;
  }

  /** The same error with {@code where} (such as {@code app/.dockerignore:3}) in front. */
  public IgnorePatternException at(String where) {
    IgnorePatternException e = new IgnorePatternException(pattern, where + ": " + getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
