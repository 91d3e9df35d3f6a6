package dev.strata.context;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/** Named character classes of RE2: Unicode categories and scripts, and the POSIX classes. */
final class UnicodeTables {
  private UnicodeTables() {}

  private static final Map<String, int[]> CATEGORIES =
      Map.ofEntries(
          Map.entry(
              "C",
              new int[] {
                Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE
              }),
          Map.entry("Cc", new int[] {Character.CONTROL}),
          Map.entry("Cf", new int[] {Character.FORMAT}),
          Map.entry("Co", new int[] {Character.PRIVATE_USE}),
          Map.entry("Cs", new int[] {Character.SURROGATE}),
          Map.entry(
              "L",
              new int[] {
                Character.UPPERCASE_LETTER,
                Character.LOWERCASE_LETTER,
                Character.TITLECASE_LETTER,
                Character.MODIFIER_LETTER,
                Character.OTHER_LETTER
              }),
          Map.entry("Lu", new int[] {Character.UPPERCASE_LETTER}),
          Map.entry("Ll", new int[] {Character.LOWERCASE_LETTER}),
          Map.entry("Lt", new int[] {Character.TITLECASE_LETTER}),
          Map.entry("Lm", new int[] {Character.MODIFIER_LETTER}),
          Map.entry("Lo", new int[] {Character.OTHER_LETTER}),
          Map.entry(
              "M",
              new int[] {
                Character.NON_SPACING_MARK,
                Character.COMBINING_SPACING_MARK,
                Character.ENCLOSING_MARK
              }),
          Map.entry("Mn", new int[] {Character.NON_SPACING_MARK}),
          Map.entry("Mc", new int[] {Character.COMBINING_SPACING_MARK}),
          Map.entry("Me", new int[] {Character.ENCLOSING_MARK}),
          Map.entry(
              "N",
              new int[] {
                Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER
              }),
          Map.entry("Nd", new int[] {Character.DECIMAL_DIGIT_NUMBER}),
          Map.entry("Nl", new int[] {Character.LETTER_NUMBER}),
          Map.entry("No", new int[] {Character.OTHER_NUMBER}),
          Map.entry(
              "P",
              new int[] {
                Character.CONNECTOR_PUNCTUATION,
                Character.DASH_PUNCTUATION,
                Character.START_PUNCTUATION,
                Character.END_PUNCTUATION,
                Character.INITIAL_QUOTE_PUNCTUATION,
                Character.FINAL_QUOTE_PUNCTUATION,
                Character.OTHER_PUNCTUATION
              }),
          Map.entry("Pc", new int[] {Character.CONNECTOR_PUNCTUATION}),
          Map.entry("Pd", new int[] {Character.DASH_PUNCTUATION}),
          Map.entry("Ps", new int[] {Character.START_PUNCTUATION}),
          Map.entry("Pe", new int[] {Character.END_PUNCTUATION}),
          Map.entry("Pi", new int[] {Character.INITIAL_QUOTE_PUNCTUATION}),
          Map.entry("Pf", new int[] {Character.FINAL_QUOTE_PUNCTUATION}),
          Map.entry("Po", new int[] {Character.OTHER_PUNCTUATION}),
          Map.entry(
              "S",
              new int[] {
                Character.MATH_SYMBOL,
                Character.CURRENCY_SYMBOL,
                Character.MODIFIER_SYMBOL,
                Character.OTHER_SYMBOL
              }),
          Map.entry("Sm", new int[] {Character.MATH_SYMBOL}),
          Map.entry("Sc", new int[] {Character.CURRENCY_SYMBOL}),
          Map.entry("Sk", new int[] {Character.MODIFIER_SYMBOL}),
          Map.entry("So", new int[] {Character.OTHER_SYMBOL}),
          Map.entry(
              "Z",
              new int[] {
                Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR
              }),
          Map.entry("Zs", new int[] {Character.SPACE_SEPARATOR}),
          Map.entry("Zl", new int[] {Character.LINE_SEPARATOR}),
          Map.entry("Zp", new int[] {Character.PARAGRAPH_SEPARATOR}));

  /** {@code \p{name}}: {@code Any}, a general category, or a script; null if unknown. */
  static IntPredicate lookup(String name) {
    if (name.equals("Any")) {
      return c -> true;
    }
    int[] types = CATEGORIES.get(name);
    if (types != null) {
      return c -> {
        int type = Character.getType(c);
        for (int t : types) {
          if (t == type) {
            return true;
          }
        }
        return false;
      };
    }
    // RE2 names scripts as Unicode does ("Greek", "Old_Italic"); valueOf takes no aliases either.
    if (!name.matches("[A-Z][A-Za-z_]*")) {
      return null;
    }
    try {
      Character.UnicodeScript script =
          Character.UnicodeScript.valueOf(name.toUpperCase(Locale.ROOT));
      return c -> Character.UnicodeScript.of(c) == script;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code [:name:]} inside a bracket expression (ASCII only, as RE2); null if unknown. */
  static IntPredicate posix(String name) {
    return switch (name) {
      case "alnum" -> c -> isDigit(c) || isUpper(c) || isLower(c);
      case "alpha" -> c -> isUpper(c) || isLower(c);
      case "ascii" -> c -> c <= 0x7F;
      case "blank" -> c -> c == '\t' || c == ' ';
      case "cntrl" -> c -> c <= 0x1F || c == 0x7F;
      case "digit" -> UnicodeTables::isDigit;
      case "graph" -> c -> c >= '!' && c <= '~';
      case "lower" -> UnicodeTables::isLower;
      case "print" -> c -> c >= ' ' && c <= '~';
      case "punct" ->
          c ->
              (c >= '!' && c <= '/')
                  || (c >= ':' && c <= '@')
                  || (c >= '[' && c <= '`')
                  || (c >= '{' && c <= '~');
      case "space" ->
          c -> c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ';
      case "upper" -> UnicodeTables::isUpper;
      case "word" -> c -> isDigit(c) || isUpper(c) || isLower(c) || c == '_';
      case "xdigit" -> c -> isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      default -> null;
    };
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(int c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(int c) {
    return c >= 'a' && c <= 'z';
  }
}
