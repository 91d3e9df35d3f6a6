package dev.strata.container;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.strata.StrataException;

/** kill(2) for a container's process, which another strata process started. */
final class ProcessSignals {
  private interface C extends Library {
    C INSTANCE = Native.load("c", C.class);

    int kill(int pid, int signal);
  }

  private ProcessSignals() {}

  /** Sends {@code signal} to {@code pid}; a process that is already gone is fine. */
  static void send(long pid, int signal) {
    if (C.INSTANCE.kill((int) pid, signal) != 0) {
      int errno = Native.getLastError();
      if (errno != 3) { // ESRCH: it ended meanwhile
        throw new StrataException(
            "cannot send signal " + signal + " to pid " + pid + ": errno " + errno);
      }
    }
  }
}
