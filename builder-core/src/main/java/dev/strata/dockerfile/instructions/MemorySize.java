package dev.strata.dockerfile.instructions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes like {@code 64m}, {@code 1.5GiB} or {@code 1024} with binary multipliers, as Docker reads
 * {@code tmpfs} sizes ({@code go-units.RAMInBytes}).
 */
public final class MemorySize {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?");

  private MemorySize() {}

  /** The size in bytes; throws {@link IllegalArgumentException} when the text is not a size. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size: " + text);
    }
    double number;
    try {
      number = Double.parseDouble(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid size: " + text, e);
    }
    long unit = 1;
    if (m.group(2) != null) {
      int shift = "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT).charAt(0)) + 1;
      unit = 1L << (10 * shift);
    }
    return (long) (number * unit);
  }
}
