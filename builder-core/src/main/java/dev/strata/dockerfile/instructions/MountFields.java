package dev.strata.dockerfile.instructions;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code --mount} value into its comma-separated fields the way a single CSV record is
 * read: a field may be double-quoted (then it may hold commas, and {@code ""} is one quote); a
 * quote inside an unquoted field, or text after a closing quote, is an error.
 */
final class MountFields {
  private MountFields() {}

  /** The fields; throws {@link IllegalArgumentException} saying what is wrong. */
  static List<String> split(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the value is empty");
    }
    List<String> fields = new ArrayList<>();
    int pos = 0;
    while (true) {
      StringBuilder field = new StringBuilder();
      if (pos < value.length() && value.charAt(pos) == '"') {
        pos++;
        while (true) {
          if (pos >= value.length()) {
            throw new IllegalArgumentException("extraneous or missing \" in quoted-field");
          }
          char c = value.charAt(pos++);
          if (c == '"') {
            if (pos < value.length() && value.charAt(pos) == '"') {
              field.append('"');
              pos++;
              continue;
            }
            break;
          }
          field.append(c);
        }
        if (pos < value.length() && value.charAt(pos) != ',') {
          throw new IllegalArgumentException("extraneous or missing \" in quoted-field");
        }
      } else {
        while (pos < value.length() && value.charAt(pos) != ',') {
          char c = value.charAt(pos++);
          if (c == '"') {
            throw new IllegalArgumentException("bare \" in non-quoted-field");
          }
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (pos >= value.length()) {
        return fields;
      }
      pos++; // the comma
    }
  }
}
