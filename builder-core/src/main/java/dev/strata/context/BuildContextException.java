package dev.strata.context;

import dev.strata.StrataException;

/**
 * The build context cannot be read: a missing or unreadable file or directory, a path that leaves
 * the context, an ignore file that cannot be read. The message names the path.
 */
public final class BuildContextException extends StrataException {
  private static final long serialVersionUID = 1L;

  public BuildContextException(String message) {
    super(message);
  }

  public BuildContextException(String message, Throwable cause) {
    super(message, cause);
  }
}
