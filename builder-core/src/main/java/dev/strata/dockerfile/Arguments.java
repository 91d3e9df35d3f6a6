package dev.strata.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits an instruction's text (after the keyword and flags) into arguments, with the rule of each
 * instruction: JSON or shell form for RUN, CMD, ENTRYPOINT, SHELL; JSON or whitespace-split for
 * ADD, COPY, VOLUME; whitespace-split for FROM and EXPOSE; the whole text for MAINTAINER, USER,
 * WORKDIR, STOPSIGNAL; name/value triples for ENV and LABEL; words for ARG; a type word then a
 * command for HEALTHCHECK. Nothing is unquoted or expanded here.
 */
final class Arguments {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** The arguments and whether they were written as a JSON array. */
  record Split(List<String> args, boolean json) {
    static Split of(List<String> args) {
      return new Split(args, false);
    }
  }

  private Arguments() {}

  /** Splits {@code rest} for the (known, lower-case) keyword; ONBUILD is not handled here. */
  static Split split(String keyword, String rest, char escape) {
    switch (keyword) {
      case "run", "cmd", "entrypoint", "shell":
        return maybeJson(rest);
      case "add", "copy", "volume":
        return maybeJsonList(rest);
      case "from", "expose":
        return Split.of(blankSeparated(rest));
      case "maintainer", "user", "workdir", "stopsignal":
        return Split.of(rest.isEmpty() ? List.of() : List.of(rest));
      case "env", "label":
        return Split.of(nameValues(rest, keyword.toUpperCase(Locale.ROOT), escape));
      case "arg":
        return Split.of(argWords(rest, escape));
      case "healthcheck":
        return healthcheck(rest);
      default:
        throw new IllegalArgumentException("no argument rule for " + keyword);
    }
  }

  /** JSON array of strings if the text is one; else the whole text as one argument. */
  private static Split maybeJson(String rest) {
    if (rest.isEmpty()) {
      return Split.of(List.of());
    }
    return json(rest).map(a -> new Split(a, true)).orElseGet(() -> Split.of(List.of(rest)));
  }

  /** JSON array of strings if the text is one; else the text split on blanks. */
  private static Split maybeJsonList(String rest) {
    return json(rest).map(a -> new Split(a, true)).orElseGet(() -> Split.of(blankSeparated(rest)));
  }

  /**
   * The strings of a JSON array, or empty when the text is not valid JSON (the caller then falls
   * back to shell form). A valid array with anything but strings in it is an error, not a fallback.
   */
  private static Optional<List<String>> json(String rest) {
    String text = Spaces.trimLeading(rest);
    if (!text.startsWith("[")) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (tree == null || !tree.isArray()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : tree) {
      if (!element.isTextual()) {
        throw new BadSyntax(
            "when using JSON array syntax, arrays must be comprised of strings only");
      }
      values.add(element.textValue());
    }
    return Optional.of(values);
  }

  /** The text split on runs of {@code [\t\v\f\r ]}. */
  static List<String> blankSeparated(String rest) {
    List<String> parts = new ArrayList<>();
    if (rest.isEmpty()) {
      return parts;
    }
    int start = 0;
    int i = 0;
    while (i < rest.length()) {
      if (Spaces.isBlank(rest.charAt(i))) {
        parts.add(rest.substring(start, i));
        while (i < rest.length() && Spaces.isBlank(rest.charAt(i))) {
          i++;
        }
        start = i;
      } else {
        i++;
      }
    }
    parts.add(rest.substring(start));
    return parts;
  }

  /** The first word of the text, then the rest as a command like CMD. */
  private static Split healthcheck(String rest) {
    int sep = 0;
    while (sep < rest.length() && !Spaces.isSpace(rest.charAt(sep))) {
      sep++;
    }
    if (sep == 0) {
      return Split.of(List.of());
    }
    int next = sep;
    while (next < rest.length() && Spaces.isSpace(rest.charAt(next))) {
      next++;
    }
    Split command = maybeJson(rest.substring(next));
    List<String> args = new ArrayList<>();
    args.add(rest.substring(0, sep));
    args.addAll(command.args());
    return new Split(args, command.json());
  }

  /**
   * ENV and LABEL: {@code name=value ...} gives one (name, value, "=") triple per word; the legacy
   * {@code name value with spaces} gives exactly one (name, rest of line, "") triple.
   */
  private static List<String> nameValues(String rest, String instruction, char escape) {
    List<String> words = words(rest, escape);
    if (words.isEmpty()) {
      throw new BadSyntax(instruction + " requires at least one argument");
    }
    List<String> triples = new ArrayList<>();
    if (!words.get(0).contains("=")) {
      List<String> parts = splitOnce(rest);
      if (parts.size() < 2) {
        throw new BadSyntax(instruction + " must have two arguments");
      }
      triples.add(parts.get(0));
      triples.add(parts.get(1));
      triples.add("");
      return triples;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new BadSyntax(
            "Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
      }
      if (eq == 0) {
        throw new BadSyntax(instruction + " names can not be blank");
      }
      triples.add(word.substring(0, eq));
      triples.add(word.substring(eq + 1));
      triples.add("=");
    }
    return triples;
  }

  /** ARG: one argument per word, {@code name} or {@code name=default}, quotes kept. */
  private static List<String> argWords(String rest, char escape) {
    List<String> words = words(rest, escape);
    if (words.isEmpty()) {
      throw new BadSyntax("ARG requires at least one argument");
    }
    for (String word : words) {
      if (word.startsWith("=")) {
        throw new BadSyntax("ARG names can not be blank");
      }
    }
    return words;
  }

  /** The text split at its first run of blanks into at most two parts. */
  private static List<String> splitOnce(String rest) {
    int i = 0;
    while (i < rest.length() && !Spaces.isBlank(rest.charAt(i))) {
      i++;
    }
    if (i == rest.length()) {
      return List.of(rest);
    }
    int j = i;
    while (j < rest.length() && Spaces.isBlank(rest.charAt(j))) {
      j++;
    }
    return List.of(rest.substring(0, i), rest.substring(j));
  }

  private enum Phase {
    SPACES,
    WORD,
    QUOTE
  }

  /**
   * Splits on unquoted white space; quotes and escape-character pairs stay in the words verbatim
   * (the planner's shell lexer removes them later). An escape character at the very end is dropped.
   */
  static List<String> words(String rest, char escape) {
    List<String> words = new ArrayList<>();
    Phase phase = Phase.SPACES;
    StringBuilder word = new StringBuilder();
    int quote = 0;
    boolean blankOk = false;
    int ch = 0;
    int width = 0;
    for (int pos = 0; pos <= rest.length(); pos += width) {
      if (pos != rest.length()) {
        ch = rest.codePointAt(pos);
        width = Character.charCount(ch);
      }
      if (phase == Phase.SPACES) {
        if (pos == rest.length()) {
          break;
        }
        if (Spaces.isSpace(ch)) {
          continue;
        }
        phase = Phase.WORD;
      }
      if (pos == rest.length()) {
        if (blankOk || word.length() > 0) {
          words.add(word.toString());
        }
        break;
      }
      if (phase == Phase.WORD) {
        if (Spaces.isSpace(ch)) {
          phase = Phase.SPACES;
          if (blankOk || word.length() > 0) {
            words.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = Phase.QUOTE;
        }
        if (ch == escape) {
          if (pos + width == rest.length()) {
            continue;
          }
          word.appendCodePoint(ch);
          pos += width;
          ch = rest.codePointAt(pos);
          width = Character.charCount(ch);
        }
        word.appendCodePoint(ch);
        continue;
      }
      // Phase.QUOTE: the escape character escapes inside double quotes only.
      if (ch == quote) {
        phase = Phase.WORD;
      }
      if (ch == escape && quote != '\'') {
        if (pos + width == rest.length()) {
          phase = Phase.WORD;
          continue;
        }
        pos += width;
        word.appendCodePoint(ch);
        ch = rest.codePointAt(pos);
        width = Character.charCount(ch);
      }
      word.appendCodePoint(ch);
    }
    return words;
  }
}
