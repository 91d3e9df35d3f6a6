package dev.strata.cli;

import java.time.Duration;
import java.util.Locale;

/** Elapsed times as progress shows them: seconds with one decimal. */
final class Durations {
  private Durations() {}

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
