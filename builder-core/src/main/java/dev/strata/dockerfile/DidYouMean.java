package dev.strata.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The closest known word to a misspelt one, as Docker suggests it: edit distance below 3, the first
 * closest option wins, and no suggestion when the word is known (the error is then about something
 * else).
 */
public final class DidYouMean {
  private static final int MAX_DISTANCE_EXCLUSIVE = 3;

  private DidYouMean() {}

  /**
   * The suggestion for {@code value} among {@code options}. When not case-sensitive, the options
   * are compared in lower case and the suggestion takes the case of the value when that is all
   * lower or all upper case.
   */
  public static Optional<String> closest(
      String value, List<String> options, boolean caseSensitive) {
    String val = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
    String match = null;
    int best = MAX_DISTANCE_EXCLUSIVE;
    for (String option : options) {
      String opt = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
      if (val.equals(opt)) {
        return Optional.empty();
      }
      int distance = distance(val, opt);
      if (distance < best) {
        best = distance;
        match = caseSensitive ? opt : matchCase(opt, value);
      }
    }
    return Optional.ofNullable(match);
  }

  /** {@code " (did you mean X?)"} when there is a suggestion, else the empty string. */
  public static String suffix(String value, List<String> options, boolean caseSensitive) {
    return closest(value, options, caseSensitive).map(m -> " (did you mean " + m + "?)").orElse("");
  }

  private static String matchCase(String option, String original) {
    if (original.equals(original.toLowerCase(Locale.ROOT))) {
      return option.toLowerCase(Locale.ROOT);
    }
    if (original.equals(original.toUpperCase(Locale.ROOT))) {
      return option.toUpperCase(Locale.ROOT);
    }
    return option;
  }

  /** Levenshtein distance over code points, unit costs. */
  static int distance(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int[] previous = new int[y.length + 1];
    int[] current = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length; i++) {
      current[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int substitute = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length];
  }
}
