package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Rules that hold for every word, not just the ones in the tables. */
class ShellLexerPropertyTest {
  private static final ShellLexer BACKSLASH = new ShellLexer('\\');
  private static final ShellLexer BACKTICK = new ShellLexer('`');

  /** Characters that mean something to the lexer, plus a few that do not (never {@code x}). */
  private static final String SYNTAX = "${}:-+?#%/\\'\"*`[]@0.= \t\nab";

  @Property
  void wordWithoutDollarQuotesOrEscapeExpandsToItself(@ForAll("plainText") String word) {
    assertThat(BACKSLASH.processWord(word, Environment.empty())).isEqualTo(word);
    assertThat(BACKSLASH.processWordWithMatches(word, Environment.empty()))
        .isEqualTo(new Expansion(word, java.util.Set.of(), java.util.Set.of()));
  }

  @Provide
  Arbitrary<String> plainText() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(60)
        .filter(s -> s.chars().noneMatch(c -> "$'\"\\".indexOf(c) >= 0 || c == 0xFEFF));
  }

  @Property
  void spaceSeparatedSimpleWordsSplitIntoThoseWords(
      @ForAll @Size(max = 12)
          List<
                  @NotEmpty @StringLength(max = 10) @Chars({'-', '_', '.', '/'})
                  @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9') String>
              words,
      @ForAll("blanks") String separator) {
    String line = separator + String.join(separator, words) + separator;
    assertThat(BACKSLASH.processWords(line, Environment.empty())).isEqualTo(words);
  }

  @Provide
  Arbitrary<String> blanks() {
    return Arbitraries.strings().withChars(" \t\n").ofMinLength(1).ofMaxLength(4);
  }

  @Property(tries = 2000)
  void syntaxHeavyWordsOnlyEverFailWithShellExpansionException(
      @ForAll("syntaxHeavy") String word, @ForAll("environments") Map<String, String> env) {
    expandEveryWay(word, env);
  }

  @Property(tries = 500)
  void arbitraryStringsOnlyEverFailWithShellExpansionException(
      @ForAll @StringLength(max = 80) String word,
      @ForAll("environments") Map<String, String> env) {
    expandEveryWay(word, env);
  }

  private static void expandEveryWay(String word, Map<String, String> env) {
    Environment environment = Environment.of(env);
    for (ShellLexer lexer : List.of(BACKSLASH, BACKTICK)) {
      String single;
      try {
        single = lexer.processWord(word, environment);
      } catch (ShellExpansionException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        continue;
      }
      Expansion expansion = lexer.processWordWithMatches(word, environment);
      assertThat(expansion.result()).isEqualTo(single);
      assertThat(Collections.disjoint(expansion.matched(), expansion.unmatched())).isTrue();
      assertThat(expansion.matched()).allSatisfy(name -> assertThat(env).containsKey(name));
      assertThat(lexer.processWords(word, environment)).doesNotContain("");
    }
  }

  @Provide
  Arbitrary<String> syntaxHeavy() {
    return Arbitraries.strings().withChars(SYNTAX).ofMaxLength(40);
  }

  @Provide
  Arbitrary<Map<String, String>> environments() {
    Arbitrary<String> names = Arbitraries.of("a", "b", "A", "_", "a0", "1", "@");
    Arbitrary<String> values = Arbitraries.strings().withChars(SYNTAX).ofMaxLength(8);
    return Arbitraries.maps(names, values).ofMaxSize(4);
  }

  @Property
  void escapingEveryCharacterGivesTheTextBackAsOneWord(
      @ForAll @NotEmpty @StringLength(max = 40) String text) {
    for (ShellLexer lexer : List.of(BACKSLASH, BACKTICK)) {
      StringBuilder escaped = new StringBuilder();
      text.codePoints().forEach(c -> escaped.append(lexer.escape()).appendCodePoint(c));
      assertThat(lexer.processWord(escaped.toString(), Environment.empty())).isEqualTo(text);
      assertThat(lexer.processWords(escaped.toString(), Environment.empty())).containsExactly(text);
    }
  }

  @Property
  void singleQuotedTextIsLiteral(@ForAll("withoutSingleQuote") String text) {
    assertThat(BACKSLASH.processWord("'" + text + "'", Environment.of(Map.of("a", "x"))))
        .isEqualTo(text);
  }

  @Provide
  Arbitrary<String> withoutSingleQuote() {
    return Arbitraries.oneOf(syntaxHeavy(), Arbitraries.strings().all().ofMaxLength(30))
        .filter(s -> s.indexOf('\'') < 0);
  }

  @Property
  void variableExpandsToItsValueWhateverTheValueHolds(
      @ForAll("syntaxHeavy") String value, @ForAll("operator") String form) {
    Environment env = Environment.of(Map.of("V", value));
    assertThat(BACKSLASH.processWord(form, env)).isEqualTo(value);
    assertThat(BACKSLASH.processWord("\"" + form + "\"", env)).isEqualTo(value);
  }

  @Provide
  Arbitrary<String> operator() {
    return Arbitraries.of(
        "$V",
        "${V}",
        "${V-x}",
        "${V?x}",
        "${V#}",
        "${V%}",
        "${V#x}",
        "${V%%x*}",
        "${V/x/y}",
        "${V//x*/y}");
  }

  @Property
  void quotedExpansionIsOneWordAndUnquotedSplitsOnBlanks(@ForAll("syntaxHeavy") String value) {
    Environment env = Environment.of(Map.of("V", value));
    List<String> quoted = BACKSLASH.processWords("\"$V\"", env);
    assertThat(quoted).isEqualTo(value.isEmpty() ? List.of() : List.of(value));
    List<String> unquoted = BACKSLASH.processWords("$V", env);
    assertThat(String.join("", unquoted)).isEqualTo(value.replaceAll("[ \t\n]", ""));
  }

  @Property
  void defaultAppliesExactlyWhenUnsetOrEmpty(
      @ForAll("maybeValue") String value, @ForAll @CharRange(from = 'a', to = 'z') char word) {
    Map<String, String> vars = value == null ? Map.of() : Map.of("V", value);
    String expanded = BACKSLASH.processWord("${V:-" + word + "}", Environment.of(vars));
    boolean absent = value == null || value.isEmpty();
    assertThat(expanded).isEqualTo(absent ? String.valueOf(word) : value);
  }

  @Provide
  Arbitrary<String> maybeValue() {
    return Combinators.combine(Arbitraries.of(true, false), syntaxHeavy())
        .as((present, v) -> present ? v : null);
  }
}
