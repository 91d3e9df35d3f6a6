package dev.strata;

/**
 * An error the user can cause and fix: a malformed Dockerfile, a missing file, a bad flag, a
 * corrupt tarball, a failed build step.
 *
 * <p>The message is one line that names what went wrong and where (file and line when there is
 * one). Front ends print the message alone and exit with {@link #exitCode()}; a stack trace is for
 * internal bugs and {@code --debug} only.
 */
public class StrataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public StrataException(String message) {
    this(message, null, 1);
  }

  public StrataException(String message, Throwable cause) {
    this(message, cause, 1);
  }

  protected StrataException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code a front end should use for this error; never 0. */
  public int exitCode() {
    return exitCode;
  }
}
