package dev.strata.dockerfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads parser directives from the leading lines of a Dockerfile. Directives are comments of the
 * form {@code # name=value} with a known name; the first line that is not one (a blank line, an
 * ordinary comment, an unknown directive, an instruction) ends directive parsing for good, and any
 * later {@code # escape=} is an ordinary comment.
 */
final class DirectiveScanner {
  // Go's \s is [\t\n\f\r ]; (?d) keeps '.' from stopping at a carriage return, as in Go.
  private static final Pattern DIRECTIVE =
      Pattern.compile(
          "(?d)#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*");
  private static final Set<String> KNOWN = Set.of("escape", "syntax", "check");

  private final String fileName;
  private final Set<String> seen = new HashSet<>();
  private boolean done;
  private char escape = '\\';
  private String syntax;
  private String check;

  DirectiveScanner(String fileName) {
    this.fileName = fileName;
  }

  /** Offers the next line (without its line ending and leading blanks) while directives last. */
  void offer(String line, int lineNumber) {
    if (done) {
      return;
    }
    Matcher m = DIRECTIVE.matcher(line);
    if (!m.matches()) {
      done = true;
      return;
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(name)) {
      done = true;
      return;
    }
    if (!seen.add(name)) {
      throw new DockerfileSyntaxException(
          fileName, lineNumber, "only one " + name + " parser directive can be used");
    }
    String value = m.group(2);
    switch (name) {
      case "escape":
        if (!value.equals("`") && !value.equals("\\")) {
          throw new DockerfileSyntaxException(
              fileName, lineNumber, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
        break;
      case "syntax":
        syntax = value;
        break;
      default:
        check = value;
        break;
    }
  }

  /** The escape character in force: the default until an escape directive changes it. */
  char escape() {
    return escape;
  }

  Directives directives() {
    return new Directives(escape, Optional.ofNullable(syntax), Optional.ofNullable(check));
  }
}
