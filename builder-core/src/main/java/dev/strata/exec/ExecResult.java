package dev.strata.exec;

import java.util.OptionalInt;

/**
 * How a process ended: its exit code, docker style. A process killed by a signal reports 128 plus
 * the signal number, as runc, the shell and docker do; {@link #signal()} reads it back.
 *
 * @param exitCode 0..255
 */
public record ExecResult(int exitCode) {
  public ExecResult {
    if (exitCode < 0 || exitCode > 255) {
      throw new IllegalArgumentException("exit code out of range: " + exitCode);
    }
  }

  /** A process that exited normally with {@code code}. */
  public static ExecResult exited(int code) {
    return new ExecResult(code);
  }

  /** A process killed by signal {@code signal}. */
  public static ExecResult killedBy(int signal) {
    return new ExecResult(128 + signal);
  }

  /** Whether the process exited with code 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * The signal that killed the process, read from the exit code (129..192 means 128 + signal). Like
   * docker, a process that itself exits with such a code is indistinguishable from one killed.
   */
  public OptionalInt signal() {
    return exitCode > 128 && exitCode <= 128 + 64
        ? OptionalInt.of(exitCode - 128)
        : OptionalInt.empty();
  }
}
