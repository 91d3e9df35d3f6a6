package dev.strata.solver.copy;

import dev.strata.StrataException;

/**
 * A COPY or ADD cannot be done as asked: a source that is missing or outside what the step may
 * read, a destination that cannot take it, a bad flag value, a failed download. The message is one
 * line naming the path or value at fault.
 */
public final class CopyException extends StrataException {
  private static final long serialVersionUID = 1L;

  public CopyException(String message) {
    super(message);
  }

  public CopyException(String message, Throwable cause) {
    super(message, cause);
  }
}
