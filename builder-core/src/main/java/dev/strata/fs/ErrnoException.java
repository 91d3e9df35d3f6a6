package dev.strata.fs;

import java.io.IOException;

/**
 * A system call failed: carries the errno and its text, and names the call and the path, as in
 * {@code lsetxattr /x/y security.capability: Operation not supported (errno 95)}.
 */
public final class ErrnoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public ErrnoException(String call, String subject, int errno) {
    super(call + " " + subject + ": " + Errno.describe(errno) + " (errno " + errno + ")");
    this.errno = errno;
  }

  /** The C errno value, such as {@link Errno#ENOENT}. */
  public int errno() {
    return errno;
  }
}
