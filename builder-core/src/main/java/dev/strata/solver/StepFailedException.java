package dev.strata.solver;

import dev.strata.StrataException;

/**
 * A build step that failed: a RUN whose command exited non-zero (the build exits with the same
 * code), or a COPY, ADD or WORKDIR that could not be done. The message names the Dockerfile line.
 */
public final class StepFailedException extends StrataException {
  private static final long serialVersionUID = 1L;

  public StepFailedException(String message, int exitCode, Throwable cause) {
    super(message, cause, exitCode == 0 ? 1 : exitCode);
  }
}
