package dev.strata.dockerfile;

import java.util.List;

/**
 * Prints nodes in the s-expression format of BuildKit's parser test corpus ({@code (copy
 * ["--from=a"] "x" "/y")}), with Go's {@code strconv.Quote} for every string. Test code only: the
 * format exists to compare against the corpus.
 */
final class NodeDump {
  private NodeDump() {}

  /** One line per instruction, each ending with a newline. */
  static String dump(List<Node> nodes) {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      out.append('(').append(dump(node)).append(")\n");
    }
    return out.toString();
  }

  static String dump(Node node) {
    StringBuilder out = new StringBuilder(node.keyword());
    if (!node.flags().isEmpty()) {
      out.append(" [");
      for (int i = 0; i < node.flags().size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        out.append(quote(node.flags().get(i)));
      }
      out.append(']');
    }
    if (node.onbuild() != null) {
      out.append(" (").append(dump(node.onbuild())).append(')');
    }
    for (String arg : node.args()) {
      out.append(' ').append(quote(arg));
    }
    return out.toString();
  }

  /** Go's {@code strconv.Quote}. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                  if (isPrint(c)) {
                    out.appendCodePoint(c);
                  } else if (c < ' ' || c == 0x7F) {
                    out.append(String.format("\\x%02x", c));
                  } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean isPrint(int c) {
    if (c <= 0xFF) {
      return (c >= 0x20 && c <= 0x7E) || (c >= 0xA1 && c != 0xAD);
    }
    switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
      Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER,
      Character.MODIFIER_LETTER,
      Character.OTHER_LETTER,
      Character.NON_SPACING_MARK,
      Character.ENCLOSING_MARK,
      Character.COMBINING_SPACING_MARK,
      Character.DECIMAL_DIGIT_NUMBER,
      Character.LETTER_NUMBER,
      Character.OTHER_NUMBER,
      Character.CONNECTOR_PUNCTUATION,
      Character.DASH_PUNCTUATION,
      Character.START_PUNCTUATION,
      Character.END_PUNCTUATION,
      Character.INITIAL_QUOTE_PUNCTUATION,
      Character.FINAL_QUOTE_PUNCTUATION,
      Character.OTHER_PUNCTUATION,
      Character.MATH_SYMBOL,
      Character.CURRENCY_SYMBOL,
      Character.MODIFIER_SYMBOL,
      Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }
}
