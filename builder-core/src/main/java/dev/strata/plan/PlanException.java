package dev.strata.plan;

import dev.strata.StrataException;

/**
 * A Dockerfile that parses but cannot be planned: a malformed expansion, an unknown or cyclic stage
 * reference, a bad image reference. The message is one line, {@code file:line: what}, like the
 * parser's errors.
 */
public final class PlanException extends StrataException {
  private final String fileName;
  private final int line;

  public PlanException(String fileName, int line, String detail) {
    super(line > 0 ? fileName + ":" + line + ": " + detail : fileName + ": " + detail);
    this.fileName = fileName;
    this.line = line;
  }

  /** The Dockerfile the error is in. */
  public String fileName() {
    return fileName;
  }

  /** The 1-based line of the instruction at fault, or 0 when the fault is not on one line. */
  public int line() {
    return line;
  }
}
