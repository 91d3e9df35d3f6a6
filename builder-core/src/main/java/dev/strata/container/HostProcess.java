package dev.strata.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A host process named by its pid and its start time (field 22 of {@code /proc/PID/stat}, in clock
 * ticks since boot). A pid alone is not an identity: once a process ends the kernel hands its pid
 * to the next one, and a container record that trusted the pid would show "running" for as long as
 * some unrelated process held it.
 *
 * @param startTime 0 when unknown (records written before start times were kept): then the pid
 *     alone decides
 */
public record HostProcess(long pid, long startTime) {
  /** Process {@code pid} as it is now; start time 0 when it is gone. */
  public static HostProcess of(long pid) {
    return new HostProcess(pid, pid > 0 ? startTimeOf(pid).orElse(0) : 0);
  }

  /** Whether this very process still runs: same pid, same start time, not a zombie. */
  public boolean alive() {
    if (pid <= 0) {
      return false;
    }
    OptionalLong now = startTimeOf(pid);
    return now.isPresent() && (startTime == 0 || now.getAsLong() == startTime);
  }

  /** The start time of live process {@code pid}; empty when it is gone or a zombie. */
  static OptionalLong startTimeOf(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return parseStartTime(stat);
  }

  /** Field 22 of a {@code /proc/PID/stat} line; empty for a zombie or dead process. */
  static OptionalLong parseStartTime(String stat) {
    // The command name (field 2) is in parentheses and may itself contain spaces and ')'.
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalLong.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so field 22 is fields[19].
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(fields[19]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
