package dev.strata.dockerfile.shell;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over one word: a cursor over its code points plus what the pass learns (the variables it
 * looked up). Mutable and single-use; {@link ShellLexer} creates one per call.
 *
 * <p>The grammar is BuildKit's, not a POSIX shell's: no command substitution, no arithmetic, no
 * tilde or pathname expansion, and a small set of {@code ${...}} operators.
 */
final class WordScan {
  private static final int EOF = -1;
  private static final int BYTE_ORDER_MARK = 0xFEFF;

  /**
   * How deep {@code ${...}} may nest. BuildKit has no limit (Go stacks grow); here each level costs
   * about 1.7 KiB of Java stack, so a pathological word gets a clear error rather than a
   * StackOverflowError. Real Dockerfiles nest two or three levels; 100 fits four times over in a
   * 512 KiB thread stack.
   */
  static final int MAX_NESTING = 100;

  private final String source;
  private final int[] text;
  private final int escape;
  private final Environment env;
  private final Set<String> matched = new LinkedHashSet<>();
  private final Set<String> unmatched = new LinkedHashSet<>();
  private int pos;
  private int nesting;

  /**
   * Whether escape characters are kept in the output. They are while reading a pattern, so that
   * {@code \*} still means a literal star when the pattern is compiled.
   */
  private boolean keepEscapes;

  WordScan(String source, int escape, Environment env) {
    this.source = source;
    this.text = source.codePoints().toArray();
    this.escape = escape;
    this.env = env;
    // BuildKit reads the word with Go's text/scanner, which drops a leading byte-order mark.
    this.pos = text.length > 0 && text[0] == BYTE_ORDER_MARK ? 1 : 0;
  }

  /** The result of scanning up to a stop character: the expanded text and its words. */
  record Piece(String text, List<String> words) {}

  /** Expands the whole word. */
  Piece run() {
    return until(EOF, false);
  }

  Set<String> matched() {
    return matched;
  }

  Set<String> unmatched() {
    return unmatched;
  }

  private int peek() {
    return pos < text.length ? text[pos] : EOF;
  }

  private int next() {
    return pos < text.length ? text[pos++] : EOF;
  }

  /**
   * Expands until {@code stop} (consumed, not included) or the end of the word. Reaching the end
   * while looking for a stop character is an error.
   */
  private Piece until(int stop, boolean keepEscapesHere) {
    boolean outer = keepEscapes;
    keepEscapes = keepEscapesHere;
    try {
      StringBuilder out = new StringBuilder();
      Words words = new Words();
      while (peek() != EOF) {
        int c = peek();
        if (stop != EOF && c == stop) {
          next();
          return new Piece(out.toString(), words.finish());
        }
        if (c == '$') {
          String value = dollar();
          out.append(value);
          words.expanded(value);
        } else if (c == '\'') {
          String quoted = singleQuoted();
          out.append(quoted);
          words.quoted(quoted);
        } else if (c == '"') {
          String quoted = doubleQuoted();
          out.append(quoted);
          words.quoted(quoted);
        } else {
          next();
          if (c == escape) {
            if (keepEscapes) {
              out.appendCodePoint(c);
              words.literal(c);
            }
            c = next();
            if (c == EOF) {
              break; // a lone escape character at the end is dropped
            }
            words.literal(c);
          } else {
            words.unquoted(c);
          }
          out.appendCodePoint(c);
        }
      }
      if (stop != EOF) {
        throw fail("missing '" + Character.toString(stop) + "'");
      }
      return new Piece(out.toString(), words.finish());
    } finally {
      keepEscapes = outer;
    }
  }

  /**
   * Expands a here-document body the way a POSIX shell expands an unquoted here-document: quotes
   * are ordinary characters, a backslash escapes only {@code $}, a backslash and a newline (which
   * it removes); every other backslash is kept.
   */
  String heredoc() {
    StringBuilder out = new StringBuilder();
    while (peek() != EOF) {
      int c = peek();
      if (c == '$') {
        out.append(dollar());
        continue;
      }
      next();
      if (c == '\\' && (peek() == '$' || peek() == '\\')) {
        out.appendCodePoint(next());
      } else if (c == '\\' && peek() == '\n') {
        next();
      } else {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  /** {@code '...'}: everything up to the next single quote is literal; nothing escapes it. */
  private String singleQuoted() {
    next();
    StringBuilder out = new StringBuilder();
    for (int c = next(); c != '\''; c = next()) {
      if (c == EOF) {
        throw fail("missing closing single quote");
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /**
   * {@code "..."}: literal except for expansions, and the escape character before {@code "}, {@code
   * $} or itself; before anything else the escape character is kept.
   */
  private String doubleQuoted() {
    next();
    StringBuilder out = new StringBuilder();
    while (true) {
      int c = peek();
      if (c == EOF) {
        throw fail("missing closing double quote");
      }
      if (c == '"') {
        next();
        return out.toString();
      }
      if (c == '$') {
        out.append(dollar());
        continue;
      }
      next();
      if (c == escape) {
        if (keepEscapes) {
          out.appendCodePoint(c);
        }
        int after = peek();
        if (after == EOF) {
          continue; // reported as the missing closing quote
        }
        if (after == '"' || after == '$' || after == escape) {
          c = next();
        }
      }
      out.appendCodePoint(c);
    }
  }

  /** {@code $NAME}, {@code ${NAME}} or {@code ${NAME<op>...}}; a lone {@code $} is literal. */
  private String dollar() {
    next();
    if (peek() != '{') {
      String name = name();
      return name.isEmpty() ? "$" : lookup(name).orElse("");
    }
    next();
    if (nesting == MAX_NESTING) {
      throw fail("substitutions nested more than " + MAX_NESTING + " levels deep");
    }
    nesting++;
    try {
      return braced();
    } finally {
      nesting--;
    }
  }

  /** After <code>${</code>: the name, the operator and what follows up to the closing brace. */
  private String braced() {
    int first = peek();
    if (first == EOF) {
      throw fail("missing '}'");
    }
    if (first == '{' || first == '}' || first == ':') {
      throw fail("bad substitution");
    }
    String name = name();
    int op = next();
    switch (op) {
      case '}':
        return lookup(name).orElse("");
      case '-':
      case '+':
      case '?':
        return conditional(name, op, false);
      case '#':
      case '%':
        return trim(name, op);
      case '/':
        return replace(name);
      case ':':
        {
          int colonOp = next();
          if (colonOp == '-' || colonOp == '+' || colonOp == '?') {
            return conditional(name, colonOp, true);
          }
          if (colonOp == EOF) {
            throw fail("missing '}'");
          }
          // ${VAR:#p} and ${VAR:%p} are not shell syntax; BuildKit rejects them too.
          throw unsupported(":" + Character.toString(colonOp));
        }
      case EOF:
        throw fail("missing '}'");
      default:
        throw unsupported(Character.toString(op));
    }
  }

  /**
   * {@code -} (default), {@code +} (alternative) and {@code ?} (required); with a colon, an empty
   * value counts as unset.
   */
  private String conditional(String name, int op, boolean emptyIsUnset) {
    String word = until('}', false).text();
    Optional<String> value = lookup(name);
    boolean absent = value.isEmpty() || (emptyIsUnset && value.get().isEmpty());
    switch (op) {
      case '-':
        return absent ? word : value.get();
      case '+':
        return absent ? "" : word;
      default:
        if (value.isEmpty()) {
          throw new ShellExpansionException(
              name + ": " + (word.isEmpty() ? "is not allowed to be unset" : display(word)));
        }
        if (absent) {
          throw new ShellExpansionException(
              name + ": " + (word.isEmpty() ? "is not allowed to be empty" : display(word)));
        }
        return value.get();
    }
  }

  /** {@code #}/{@code ##} remove a prefix, {@code %}/{@code %%} a suffix (shortest/longest). */
  private String trim(String name, int op) {
    String pattern = until('}', true).text();
    String value = lookup(name).orElse("");
    // BuildKit looks for the doubled operator in the expanded pattern, not in the source.
    boolean longest = !pattern.isEmpty() && pattern.charAt(0) == op;
    if (longest) {
      pattern = pattern.substring(1);
    }
    try {
      return op == '#'
          ? ShellPattern.removePrefix(value, pattern, longest)
          : ShellPattern.removeSuffix(value, pattern, longest);
    } catch (ShellPattern.InvalidPatternException e) {
      throw fail(display(e.getMessage()) + " in pattern '" + display(pattern) + "'");
    }
  }

  /** {@code /pattern/replacement} replaces the first match, {@code //...} every match. */
  private String replace(String name) {
    boolean all = peek() == '/';
    if (all) {
      next();
    }
    String pattern = until('/', true).text();
    String replacement = until('}', true).text();
    String value = lookup(name).orElse("");
    ShellPattern compiled;
    try {
      compiled = ShellPattern.compile(pattern, true);
    } catch (ShellPattern.InvalidPatternException e) {
      throw fail(display(e.getMessage()) + " in pattern '" + display(pattern) + "'");
    }
    return all
        ? compiled.replaceAll(value, replacement)
        : compiled.replaceFirst(value, replacement);
  }

  /**
   * A variable name: a run of digits (a positional parameter), one special-parameter character, or
   * letters, digits and underscores. Empty if none starts here.
   */
  private String name() {
    StringBuilder name = new StringBuilder();
    int c = peek();
    if (isDigit(c)) {
      while (isDigit(peek())) {
        name.appendCodePoint(next());
      }
      return name.toString();
    }
    if (isSpecialParameter(c)) {
      return Character.toString(next());
    }
    while (peek() != EOF && (Character.isLetter(peek()) || isDigit(peek()) || peek() == '_')) {
      name.appendCodePoint(next());
    }
    return name.toString();
  }

  private static boolean isDigit(int c) {
    return c != EOF && Character.isDigit(c);
  }

  /** POSIX special parameters; a Dockerfile never sets them. */
  private static boolean isSpecialParameter(int c) {
    return switch (c) {
      case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
      default -> false;
    };
  }

  /**
   * The value of a variable, recording the lookup. Positional and special parameters are always
   * unset, whatever the environment holds; an empty name (as in {@code ${+x}}) is unset and not
   * recorded.
   */
  private Optional<String> lookup(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    int first = name.codePointAt(0);
    Optional<String> value =
        isDigit(first) || isSpecialParameter(first) ? Optional.empty() : env.get(name);
    (value.isPresent() ? matched : unmatched).add(name);
    return value;
  }

  private ShellExpansionException unsupported(String modifier) {
    return fail("unsupported modifier '" + display(modifier) + "'");
  }

  private ShellExpansionException fail(String problem) {
    return new ShellExpansionException(problem + " in " + display(source));
  }

  /** Text from the word as it can be shown on one line of an error message, cut if long. */
  static String display(String word) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < word.length(); ) {
      int c = word.codePointAt(i);
      i += Character.charCount(c);
      if (shown++ == 200) {
        out.append("...");
        break;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            out.append(String.format("\\x%02x", c));
          } else if (c == 0x85 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", c)); // line breaks to some terminals and editors
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
    return out.toString();
  }
}
