package dev.strata.exec;

import dev.strata.StrataException;

/**
 * The process could not be started at all: its executable is missing or cannot be executed, or the
 * runtime failed to set the container up. Nothing of the command ran. The exit code follows docker:
 * 127 not found, 126 not executable, 125 the runtime failed.
 */
public final class ExecStartException extends StrataException {
  private static final long serialVersionUID = 1L;

  /** Why the process did not start. */
  public enum Reason {
    /** The executable does not exist (docker's 127). */
    NOT_FOUND(127),
    /** The executable exists but cannot be executed (docker's 126). */
    NOT_EXECUTABLE(126),
    /** The runtime itself failed: a mount, a namespace, a bad spec (docker's 125). */
    RUNTIME_FAILED(125);

    private final int exitCode;

    Reason(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The exit code docker reports for this reason. */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Reason reason;

  public ExecStartException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ExecStartException(Reason reason, String message, Throwable cause) {
    super(message, cause, reason.exitCode());
    this.reason = reason;
  }

  /** Why the process did not start. */
  public Reason reason() {
    return reason;
  }
}
