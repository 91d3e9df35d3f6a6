package dev.strata.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * A POSIX resource limit of the process, as in the OCI runtime spec ({@code RLIMIT_NOFILE} ...).
 *
 * @param type one of the {@code RLIMIT_*} names Linux knows
 */
public record Rlimit(String type, long soft, long hard) {
  static final Set<String> TYPES =
      Set.of(
          "RLIMIT_AS",
          "RLIMIT_CORE",
          "RLIMIT_CPU",
          "RLIMIT_DATA",
          "RLIMIT_FSIZE",
          "RLIMIT_LOCKS",
          "RLIMIT_MEMLOCK",
          "RLIMIT_MSGQUEUE",
          "RLIMIT_NICE",
          "RLIMIT_NOFILE",
          "RLIMIT_NPROC",
          "RLIMIT_RSS",
          "RLIMIT_RTPRIO",
          "RLIMIT_RTTIME",
          "RLIMIT_SIGPENDING",
          "RLIMIT_STACK");

  /** The open-files limit docker's daemon gives containers. */
  static final long DOCKER_NOFILE = 1048576;

  /** bit of CAP_SYS_RESOURCE in /proc/self/status masks. */
  private static final long CAP_SYS_RESOURCE = 1L << 24;

  private static volatile Rlimit defaultNofile;

  public Rlimit {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown rlimit type: " + type);
    }
    if (soft < 0 || hard < 0 || soft > hard) {
      throw new IllegalArgumentException(
          "invalid " + type + " limits: soft " + soft + ", hard " + hard);
    }
  }

  /**
   * The open-files limit processes get by default: docker's 1048576 for soft and hard, lowered to
   * strata's own hard limit when strata lacks CAP_SYS_RESOURCE and so cannot raise it (as in some
   * sandboxes); asking for more would make the runtime fail.
   */
  public static Rlimit defaultNofile() {
    Rlimit r = defaultNofile;
    if (r == null) {
      long limit = DOCKER_NOFILE;
      if (!hasCapSysResource()) {
        limit = Math.min(limit, ownHardNofile());
      }
      r = new Rlimit("RLIMIT_NOFILE", limit, limit);
      defaultNofile = r;
    }
    return r;
  }

  private static boolean hasCapSysResource() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & CAP_SYS_RESOURCE) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Unknown: assume the limit cannot be raised.
    }
    return false;
  }

  private static long ownHardNofile() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f[1].equals("unlimited") ? DOCKER_NOFILE : Long.parseLong(f[1]);
        }
      }
    } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      // Fall back to the traditional default, which every process may keep.
    }
    return 1024;
  }

  /** The name prlimit(1) uses for this resource ({@code nofile} for {@code RLIMIT_NOFILE}). */
  String prlimitName() {
    return type.substring("RLIMIT_".length()).toLowerCase(Locale.ROOT);
  }
}
