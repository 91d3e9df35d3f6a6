package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The wildcard matcher against an oracle: java.util.regex has the same leftmost-first semantics as
 * the Go regexp BuildKit compiles patterns into, so on small inputs (where backtracking is cheap)
 * both must pick the same match.
 */
class ShellPatternTest {

  @Property(tries = 3000)
  void removePrefixMatchesABacktrackingRegex(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean longest) {
    Matcher m = oracle(pattern, longest).matcher(value);
    String expected = m.lookingAt() ? value.substring(m.end()) : value;
    assertThat(ShellPattern.removePrefix(value, pattern, longest)).isEqualTo(expected);
  }

  @Property(tries = 3000)
  void replaceFirstMatchesABacktrackingRegex(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean longest) {
    Matcher m = oracle(pattern, longest).matcher(value);
    String expected =
        m.find() ? value.substring(0, m.start()) + "<>" + value.substring(m.end()) : value;
    assertThat(ShellPattern.compile(pattern, longest).replaceFirst(value, "<>"))
        .isEqualTo(expected);
  }

  @Property(tries = 3000)
  void replaceAllMatchesGoReplaceAllOverABacktrackingRegex(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean longest) {
    assertThat(ShellPattern.compile(pattern, longest).replaceAll(value, "<>"))
        .isEqualTo(goReplaceAll(oracle(pattern, longest), value, "<>"));
  }

  @Property(tries = 1000)
  void removeSuffixIsRemovePrefixOfTheReversal(
      @ForAll("patterns") String pattern, @ForAll("values") String value, @ForAll boolean longest) {
    String reversed = new StringBuilder(value).reverse().toString();
    String expected =
        new StringBuilder(
                ShellPattern.removePrefix(reversed, ShellPattern.reversePattern(pattern), longest))
            .reverse()
            .toString();
    assertThat(ShellPattern.removeSuffix(value, pattern, longest)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of("a", "b", "*", "*", "?", "\n", "\\*", "\\?", "\\\\", "\\}", "\\/", "/")
        .list()
        .ofMaxSize(6)
        .map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars("ab*?\n\\/}").ofMaxLength(10);
  }

  /** The pattern as the regex BuildKit would compile, built independently of the matcher. */
  private static Pattern oracle(String pattern, boolean longest) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        re.append(longest ? ".*" : ".*?");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '\\') {
        char next = pattern.charAt(++i);
        re.append(Pattern.quote(String.valueOf(next)));
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
  }

  /** Go's ReplaceAllString loop (non-overlapping, no empty match right after a match). */
  private static String goReplaceAll(Pattern regex, String value, String replacement) {
    Matcher m = regex.matcher(value);
    StringBuilder out = new StringBuilder();
    int lastMatchEnd = 0;
    int searchFrom = 0;
    while (searchFrom <= value.length() && m.find(searchFrom)) {
      out.append(value, lastMatchEnd, m.start());
      if (m.end() > lastMatchEnd || m.start() == 0) {
        out.append(replacement);
      }
      lastMatchEnd = m.end();
      searchFrom = Math.max(searchFrom + 1, m.end());
    }
    return out.append(value, lastMatchEnd, value.length()).toString();
  }

  @Example
  void reversingKeepsEscapesInFrontOfWhatTheyEscape() {
    assertThat(ShellPattern.reversePattern("a\\*c")).isEqualTo("c\\*a");
    assertThat(ShellPattern.reversePattern("\\\\b")).isEqualTo("b\\\\");
    assertThat(ShellPattern.reversePattern("x\\")).isEqualTo("\\x");
    assertThat(ShellPattern.reversePattern("한\\*국")).isEqualTo("국\\*한");
    assertThat(ShellPattern.reversePattern("")).isEmpty();
  }

  @Example
  void backslashMayOnlyEscapeWildcardsBackslashBraceAndSlash() {
    assertThatThrownBy(() -> ShellPattern.compile("\\x", true))
        .isInstanceOf(ShellPattern.InvalidPatternException.class)
        .hasMessage("invalid escape '\\x'");
    assertThatThrownBy(() -> ShellPattern.compile("ab\\", true))
        .hasMessage("a pattern cannot end with a backslash");
    ShellPattern.compile("\\*\\?\\\\\\}\\/", true);
  }

  @Example
  void leadingByteOrderMarkOfThePatternIsIgnoredAsByGoTextScanner() {
    assertThat(ShellPattern.removePrefix("ab", "\uFEFFa", false)).isEqualTo("b");
  }
}
