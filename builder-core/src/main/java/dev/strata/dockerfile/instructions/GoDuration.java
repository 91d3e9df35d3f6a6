package dev.strata.dockerfile.instructions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written the way Docker (Go's {@code time.ParseDuration}) reads them: an optional sign,
 * then one or more decimal numbers each with a unit ({@code ns us µs ms s m h}), e.g. {@code 30s},
 * {@code 1m30s}, {@code 1.5h}; a bare {@code 0} is zero.
 */
final class GoDuration {
  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** The duration; throws {@link IllegalArgumentException} when the text is not one. */
  static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      int start = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      boolean whole = pos > start;
      String number = s.substring(start, pos);
      boolean fraction = false;
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        int fractionStart = pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
          pos++;
        }
        fraction = pos > fractionStart;
        number = (whole ? number : "0") + "." + (fraction ? s.substring(fractionStart, pos) : "0");
      }
      if (!whole && !fraction) {
        throw invalid(text);
      }
      int unitStart = pos;
      while (pos < s.length() && s.charAt(pos) != '.' && !isDigit(s.charAt(pos))) {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      Long nanos = UNIT_NANOS.get(unit);
      if (nanos == null) {
        throw new IllegalArgumentException(
            (unit.isEmpty()
                    ? "missing unit in duration \""
                    : "unknown unit \"" + unit + "\" in duration \"")
                + text
                + "\"");
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos)));
      if (total.compareTo(MAX_NANOS) > 0) {
        throw invalid(text);
      }
    }
    long nanos = total.setScale(0, RoundingMode.DOWN).longValueExact();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + text + "\"");
  }
}
