package dev.strata.exec;

import java.util.Locale;
import java.util.Map;

/**
 * Linux signal numbers (x86-64 and arm64 agree on these) and their names, as STOPSIGNAL takes them.
 */
public final class Signals {
  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGQUIT = 3;
  public static final int SIGKILL = 9;
  public static final int SIGUSR1 = 10;
  public static final int SIGUSR2 = 12;
  public static final int SIGTERM = 15;

  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("TRAP", 5),
          Map.entry("ABRT", 6),
          Map.entry("IOT", 6),
          Map.entry("BUS", 7),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15),
          Map.entry("STKFLT", 16),
          Map.entry("CHLD", 17),
          Map.entry("CONT", 18),
          Map.entry("STOP", 19),
          Map.entry("TSTP", 20),
          Map.entry("TTIN", 21),
          Map.entry("TTOU", 22),
          Map.entry("URG", 23),
          Map.entry("XCPU", 24),
          Map.entry("XFSZ", 25),
          Map.entry("VTALRM", 26),
          Map.entry("PROF", 27),
          Map.entry("WINCH", 28),
          Map.entry("IO", 29),
          Map.entry("POLL", 29),
          Map.entry("PWR", 30),
          Map.entry("SYS", 31));

  private Signals() {}

  /**
   * The number of a signal given as docker accepts it: {@code 15}, {@code TERM}, {@code SIGTERM},
   * {@code RTMIN+3}.
   *
   * @throws IllegalArgumentException for an unknown name or a number outside 1..64
   */
  public static int parse(String signal) {
    String s = signal.trim().toUpperCase(Locale.ROOT);
    if (s.startsWith("SIG")) {
      s = s.substring(3);
    }
    int n;
    if (s.matches("[0-9]+")) {
      n = Integer.parseInt(s);
    } else if (s.startsWith("RTMIN")) {
      n = 34 + offset(s.substring(5), '+', signal);
    } else if (s.startsWith("RTMAX")) {
      n = 64 - offset(s.substring(5), '-', signal);
    } else {
      Integer known = NUMBERS.get(s);
      if (known == null) {
        throw new IllegalArgumentException("unknown signal: " + signal);
      }
      n = known;
    }
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException("signal out of range: " + signal);
    }
    return n;
  }

  private static int offset(String rest, char sign, String signal) {
    if (rest.isEmpty()) {
      return 0;
    }
    if (rest.charAt(0) != sign || !rest.substring(1).matches("[0-9]{1,2}")) {
      throw new IllegalArgumentException("unknown signal: " + signal);
    }
    return Integer.parseInt(rest.substring(1));
  }
}
