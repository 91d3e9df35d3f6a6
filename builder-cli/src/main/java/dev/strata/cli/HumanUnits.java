package dev.strata.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Sizes and ages written as docker writes them (go-units): decimal units ({@code 7.82MB}, {@code
 * 0B}) and rough ages ({@code 3 days ago}, {@code About an hour ago}).
 */
final class HumanUnits {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private HumanUnits() {}

  /** {@code size} with {@code digits} significant digits, as go-units' HumanSizeWithPrecision. */
  static String size(long size, int digits) {
    double v = size;
    int unit = 0;
    while (v >= 1000 && unit < UNITS.length - 1) {
      v /= 1000;
      unit++;
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    return rounded.toPlainString() + UNITS[unit];
  }

  /** Three significant digits, as docker's image tables print sizes. */
  static String size(long size) {
    return size(size, 3);
  }

  /** How long ago {@code then} was, or {@code N/A} when unknown. */
  static String ago(Instant then, Instant now) {
    if (then == null) {
      return "N/A";
    }
    return duration(Duration.between(then, now)) + " ago";
  }

  static String duration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 1) {
      return "Less than a second";
    }
    if (seconds == 1) {
      return "1 second";
    }
    if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = seconds / 60;
    if (minutes == 1) {
      return "About a minute";
    }
    if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(seconds / 3600.0);
    if (hours == 1) {
      return "About an hour";
    }
    if (hours < 48) {
      return hours + " hours";
    }
    if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    }
    if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }
}
