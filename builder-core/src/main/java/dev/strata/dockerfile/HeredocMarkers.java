package dev.strata.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds heredoc markers ({@code <<EOF}, {@code <<-'END'}, {@code 3<<X}) in an instruction line the
 * way BuildKit does: the line is split into shell words with quotes and escapes kept, and every word
 * of the form {@code [digits]<<[-]delimiter} is a marker. The delimiter is then unquoted to give the
 * heredoc's name; a quoted delimiter turns off expansion of the body.
 *
 * <p>Variables are never expanded here (they are all left as written), and a line the shell lexer
 * cannot split (an unterminated quote, a malformed {@code ${}) has no markers at all, as in
 * BuildKit. The escape character is always the backslash, whatever the escape directive says.
 */
final class HeredocMarkers {
  private static final Pattern MARKER = Pattern.compile("([0-9]*)<<(-?)([^<]*)");
  private static final Pattern LEADING_TABS = Pattern.compile("(?md)^\t+");

  /** A marker found in an instruction line. */
  record Marker(String token, String name, boolean expand, boolean chomp, int fileDescriptor) {}

  private HeredocMarkers() {}

  /** The markers in the line, in order. */
  static List<Marker> find(String line) {
    List<String> words;
    try {
      words = new WordScanner(line, true, true).words();
    } catch (MalformedWord e) {
      return List.of();
    }
    List<Marker> markers = new ArrayList<>();
    for (String word : words) {
      parseMarker(word).ifPresent(markers::add);
    }
    return markers;
  }

  /** The marker that {@code word} is, if it is one. */
  static Optional<Marker> parseMarker(String word) {
    Matcher m = MARKER.matcher(word);
    if (!m.matches() || m.group(3).isEmpty()) {
      return Optional.empty();
    }
    String delimiter = m.group(3);
    List<String> unquoted;
    List<String> quoted;
    try {
      unquoted = new WordScanner(delimiter, false, false).words();
      quoted = new WordScanner(delimiter, true, false).words();
    } catch (MalformedWord e) {
      return Optional.empty();
    }
    if (unquoted.size() != 1 || quoted.size() != 1) {
      return Optional.empty();
    }
    String name = unquoted.get(0);
    // If removing quotes changed the number of quote characters, part of the delimiter was quoted.
    boolean expand = quoteCount(name) == quoteCount(quoted.get(0));
    return Optional.of(
        new Marker(word, name, expand, m.group(2).equals("-"), fileDescriptor(m.group(1))));
  }

  /** The body with the leading tabs of every line removed, as {@code <<-} asks. */
  static String chomp(String content) {
    return LEADING_TABS.matcher(content).replaceAll("");
  }

  private static int fileDescriptor(String digits) {
    if (digits.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0; // BuildKit ignores the overflow too
    }
  }

  private static int quoteCount(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        n++;
      }
    }
    return n;
  }

  /** The shell lexer could not split the text. */
  private static final class MalformedWord extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedWord() {
      super(null, null, false, false);
    }
  }

  /**
   * A shell word splitter with every variable unset and left as written. With raw quotes the quote
   * characters stay in the words; with raw escapes the backslashes do.
   */
  private static final class WordScanner {
    private static final int EOF = -1;

    private final String s;
    private final boolean rawQuotes;
    private boolean rawEscapes;
    private int pos;

    WordScanner(String s, boolean rawQuotes, boolean rawEscapes) {
      this.s = s;
      this.rawQuotes = rawQuotes;
      this.rawEscapes = rawEscapes;
    }

    List<String> words() throws MalformedWord {
      return process(EOF, rawEscapes).words;
    }

    private record Processed(String text, List<String> words) {}

    private int peek() {
      return pos < s.length() ? s.codePointAt(pos) : EOF;
    }

    private int next() {
      if (pos >= s.length()) {
        return EOF;
      }
      int c = s.codePointAt(pos);
      pos += Character.charCount(c);
      return c;
    }

    private Processed process(int stop, boolean escapesRaw) throws MalformedWord {
      boolean saved = rawEscapes;
      rawEscapes = escapesRaw;
      try {
        StringBuilder text = new StringBuilder();
        Words words = new Words();
        while (peek() != EOF) {
          int c = peek();
          if (stop != EOF && c == stop) {
            next();
            return new Processed(text.toString(), words.finish());
          }
          if (c == '$') {
            String value = dollar();
            text.append(value);
            words.addSplitting(value);
          } else if (c == '\'') {
            String value = singleQuoted();
            text.append(value);
            words.addRaw(value);
          } else if (c == '"') {
            String value = doubleQuoted();
            text.append(value);
            words.addRaw(value);
          } else {
            c = next();
            if (c == '\\') {
              if (rawEscapes) {
                words.addRaw("\\");
                text.append('\\');
              }
              c = next();
              if (c == EOF) {
                break;
              }
              words.addRaw(Character.toString(c));
            } else {
              words.addChar(c);
            }
            text.appendCodePoint(c);
          }
        }
        if (stop != EOF) {
          throw new MalformedWord();
        }
        return new Processed(text.toString(), words.finish());
      } finally {
        rawEscapes = saved;
      }
    }

    private String singleQuoted() throws MalformedWord {
      StringBuilder out = new StringBuilder();
      next();
      if (rawQuotes) {
        out.append('\'');
      }
      while (true) {
        int c = next();
        if (c == EOF) {
          throw new MalformedWord();
        }
        if (c == '\'') {
          if (rawQuotes) {
            out.append('\'');
          }
          return out.toString();
        }
        out.appendCodePoint(c);
      }
    }

    private String doubleQuoted() throws MalformedWord {
      StringBuilder out = new StringBuilder();
      next();
      if (rawQuotes) {
        out.append('"');
      }
      while (true) {
        int c = peek();
        if (c == EOF) {
          throw new MalformedWord();
        }
        if (c == '"') {
          next();
          if (rawQuotes) {
            out.append('"');
          }
          return out.toString();
        }
        if (c == '$') {
          out.append(dollar());
          continue;
        }
        c = next();
        if (c == '\\') {
          if (rawEscapes) {
            out.append('\\');
          }
          int following = peek();
          if (following == EOF) {
            continue;
          }
          if (following == '"' || following == '$' || following == '\\') {
            c = next();
          }
        }
        out.appendCodePoint(c);
      }
    }

    /** A {@code $} reference, always unset and so returned as written, or an error. */
    private String dollar() throws MalformedWord {
      next();
      if (peek() != '{') {
        String name = name();
        return "$" + name;
      }
      next();
      int first = peek();
      if (first == EOF || first == '{' || first == '}' || first == ':') {
        throw new MalformedWord();
      }
      String name = name();
      int c = next();
      String modifier = c == EOF ? "" : Character.toString(c);
      switch (c) {
        case '}':
          return "${" + name + "}";
        case ':':
          c = next();
          if (c != EOF) {
            modifier += Character.toString(c);
          }
          return "${" + name + modifier + process('}', c == '#' || c == '%').text + "}";
        case '+', '-', '?', '#', '%':
          return "${" + name + modifier + process('}', c == '#' || c == '%').text + "}";
        case '/':
          if (peek() == '/') {
            next();
          }
          String pattern = process('/', true).text;
          String replacement = process('}', true).text;
          return "${" + name + "/" + pattern + "/" + replacement + "}";
        default:
          throw new MalformedWord();
      }
    }

    private String name() {
      StringBuilder name = new StringBuilder();
      while (peek() != EOF) {
        int c = peek();
        if (name.length() == 0 && Character.isDigit(c)) {
          while (peek() != EOF && Character.isDigit(peek())) {
            name.appendCodePoint(next());
          }
          return name.toString();
        }
        if (name.length() == 0 && "@*#?-$!0".indexOf(c) >= 0) {
          return Character.toString(next());
        }
        if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
          break;
        }
        name.appendCodePoint(next());
      }
      return name.toString();
    }
  }

  /** Collects words: unquoted blanks split them, quoted text never does. */
  private static final class Words {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;

    void addChar(int c) {
      if (Spaces.isSpace(c)) {
        if (inWord && word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.appendCodePoint(c);
        inWord = true;
      }
    }

    void addSplitting(String text) {
      text.codePoints().forEach(this::addChar);
    }

    void addRaw(String text) {
      word.append(text);
      inWord = true;
    }

    List<String> finish() {
      if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
      return words;
    }
  }
}
