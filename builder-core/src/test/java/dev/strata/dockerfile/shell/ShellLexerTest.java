package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour the BuildKit corpora do not pin down. */
class ShellLexerTest {
  private static final ShellLexer BACKSLASH = new ShellLexer('\\');
  private static final ShellLexer BACKTICK = new ShellLexer('`');

  private static String expand(String word, Map<String, String> env) {
    return BACKSLASH.processWord(word, Environment.of(env));
  }

  private static String expand(String word) {
    return expand(word, Map.of());
  }

  @Nested
  class BacktickEscape {
    private final Environment env = Environment.of(Map.of("A", "x y"));

    @Test
    void backtickMakesTheNextCharacterLiteral() {
      assertThat(BACKTICK.processWord("a`$A`'b", env)).isEqualTo("a$A'b");
    }

    @Test
    void backslashIsAnOrdinaryCharacter() {
      assertThat(BACKTICK.processWord("C:\\dir\\$A", env)).isEqualTo("C:\\dir\\x y");
      assertThat(BACKTICK.processWord("\"C:\\dir\\\"", env)).isEqualTo("C:\\dir\\");
    }

    @Test
    void insideDoubleQuotesBacktickEscapesQuoteDollarAndItself() {
      assertThat(BACKTICK.processWord("\"`\"`$A``\"", env)).isEqualTo("\"$A`");
      assertThat(BACKTICK.processWord("\"`n\"", env)).isEqualTo("`n");
    }

    @Test
    void trailingBacktickIsDropped() {
      assertThat(BACKTICK.processWord("abc`", env)).isEqualTo("abc");
    }

    @Test
    void escapedSpaceDoesNotSplit() {
      assertThat(BACKTICK.processWords("a` b c", env)).containsExactly("a b", "c");
    }

    @Test
    void backtickKeepsBraceInsideDefault() {
      assertThat(BACKTICK.processWord("${UNSET:-`}}", env)).isEqualTo("}");
    }

    @Test
    void patternsStillUseBackslashEscapes() {
      Environment stars = Environment.of(Map.of("S", "**a"));
      assertThat(BACKTICK.processWord("${S#\\*}", stars)).isEqualTo("*a");
      assertThat(BACKTICK.processWord("${S##\\*}", stars)).isEqualTo("*a");
      assertThat(BACKTICK.processWord("${S##*\\*}", stars)).isEqualTo("a");
    }

    @Test
    void onlyBackslashAndBacktickAreEscapeCharacters() {
      assertThatThrownBy(() -> new ShellLexer('$')).isInstanceOf(IllegalArgumentException.class);
      assertThat(BACKTICK.escape()).isEqualTo('`');
    }
  }

  @Nested
  class Replacement {
    @Test
    void patternCharactersThatAreSpecialInRegexesAreLiteral() {
      Map<String, String> env = Map.of("V", "a.b+c(d)|e^f$g{h}");
      assertThat(expand("${V//./-}", env)).isEqualTo("a-b+c(d)|e^f$g{h}");
      assertThat(expand("${V/+c(d)|e^/_}", env)).isEqualTo("a.b_f$g{h}");
      assertThat(expand("${V/$'g{h\\}'/!}", env)).isEqualTo("a.b+c(d)|e^f!");
    }

    @Test
    void bracketsAreLiteralAsInBuildKit() {
      Map<String, String> env = Map.of("V", "[ab]a");
      assertThat(expand("${V/[ab]/x}", env)).isEqualTo("xa");
      assertThat(expand("${V#[}", env)).isEqualTo("ab]a");
      assertThat(expand("${V%]*}", env)).isEqualTo("[ab");
    }

    @Test
    void questionMarkMatchesOneCharacterNotOneByte() {
      assertThat(expand("${V//?/.}", Map.of("V", "한국어"))).isEqualTo("...");
      assertThat(expand("${V/?/.}", Map.of("V", "😀x"))).isEqualTo(".x");
    }

    @Test
    void escapedWildcardsAreLiteral() {
      Map<String, String> env = Map.of("V", "why? *really*");
      assertThat(expand("${V/\\?/!}", env)).isEqualTo("why! *really*");
      assertThat(expand("${V//\\*/_}", env)).isEqualTo("why? _really_");
    }

    @Test
    void escapedSlashAndBraceInPatternAndReplacement() {
      Map<String, String> env = Map.of("V", "a/b}c");
      assertThat(expand("${V/\\//-}", env)).isEqualTo("a-b}c");
      assertThat(expand("${V/\\}/-}", env)).isEqualTo("a/b-c");
      // BuildKit keeps escape characters in the replacement text.
      assertThat(expand("${V/b/\\}}", env)).isEqualTo("a/\\}}c");
    }

    @Test
    void starIsGreedyInReplacements() {
      assertThat(expand("${V/a*b/X}", Map.of("V", "aabab"))).isEqualTo("X");
      assertThat(expand("${V//*/X}", Map.of("V", "abc"))).isEqualTo("X");
    }

    @Test
    void emptyMatchRightAfterAMatchIsNotReplacedAsInGo() {
      // Java's "a\nb".replaceAll(".*", "-") gives "--\n--"; Go's ReplaceAllString gives "-\n-".
      assertThat(expand("${V//*/-}", Map.of("V", "a\nb"))).isEqualTo("-\n-");
      assertThat(expand("${V///-}", Map.of("V", "ab"))).isEqualTo("-a-b-");
    }

    @Test
    void replaceAllTreatsTheReplacementAsAGoTemplateLikeBuildKit() {
      Map<String, String> env = Map.of("V", "ab");
      assertThat(expand("${V//a/'$$'}", env)).isEqualTo("$b");
      assertThat(expand("${V//a/'<$0>'}", env)).isEqualTo("<a>b");
      assertThat(expand("${V//a/'<${0}>'}", env)).isEqualTo("<a>b");
      assertThat(expand("${V//a/'$1$x${y}'}", env)).isEqualTo("b");
      assertThat(expand("${V//a/'${'}", env)).isEqualTo("${b");
      assertThat(expand("${V//a/$}", env)).isEqualTo("$b");
    }

    @Test
    void replaceFirstTakesTheReplacementLiterally() {
      assertThat(expand("${V/a/'$$$0'}", Map.of("V", "ab"))).isEqualTo("$$$0b");
    }

    @Test
    void wildcardsDoNotMatchNewlinesLikeGoRegexp() {
      Map<String, String> env = Map.of("V", "a\nb");
      assertThat(expand("${V//?/-}", env)).isEqualTo("-\n-");
      assertThat(expand("${V/a*b/X}", env)).isEqualTo("a\nb");
      assertThat(expand("${V%%\n*}", env)).isEqualTo("a");
    }

    @Test
    void patternAndReplacementMayComeFromVariables() {
      Map<String, String> env = Map.of("V", "x-1-2", "P", "-*", "R", "+");
      assertThat(expand("${V/$P/$R}", env)).isEqualTo("x+");
      assertThat(expand("${V/\"$P\"/$R}", env)).isEqualTo("x+");
    }

    @Test
    void replacingInAnUnsetVariableGivesNothing() {
      assertThat(BACKSLASH.processWordWithMatches("${V/a/b}", Environment.empty()))
          .isEqualTo(new Expansion("", java.util.Set.of(), java.util.Set.of("V")));
    }
  }

  @Nested
  class Trimming {
    private final Map<String, String> env = Map.of("V", "foobarbaz", "IMG", "reg:5000/app:1.2");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "${V#f*b}|arbaz",
          "${V##f*b}|az",
          "${V%b*}|foobar",
          "${V%%b*}|foo",
          "${V#x}|foobarbaz",
          "${V%%}|foobarbaz",
          "${V#*}|foobarbaz",
          "${V##*}|''",
          "${V%?}|foobarba",
          "${V%%?}|foobarba",
          "${IMG%:*}|reg:5000/app",
          "${IMG%%:*}|reg",
          "${IMG##*/}|app:1.2",
          "${V#\"foo\"}|barbaz",
        })
    void removesShortestOrLongestMatch(String word, String expected) {
      assertThat(expand(word, env)).isEqualTo(expected);
    }

    @Test
    void doubledOperatorIsLookedForInTheExpandedPatternLikeBuildKit() {
      assertThat(expand("${V#$H}", Map.of("V", "aXbXc", "H", "#*X"))).isEqualTo("c");
    }

    @Test
    void escapedBackslashInPatternIsALiteralBackslash() {
      assertThat(expand("${V#a\\\\}", Map.of("V", "a\\b"))).isEqualTo("b");
    }

    @Test
    void invalidEscapeInPatternIsAnError() {
      assertThatThrownBy(() -> expand("${V#\\a}", Map.of("V", "a")))
          .isInstanceOf(ShellExpansionException.class)
          .hasMessage("invalid escape '\\a' in pattern '\\a' in ${V#\\a}");
    }
  }

  @Nested
  class NestedDefaults {
    @Test
    void quotedDefaultInsideDoubleQuotesStaysOneWord() {
      assertThat(BACKSLASH.processWords("\"${A:-\"b c\"}\"", Environment.empty()))
          .containsExactly("b c");
    }

    @Test
    void quotedDefaultOutsideQuotesIsSplitLikeBuildKit() {
      assertThat(BACKSLASH.processWords("${A:-\"b c\"}", Environment.empty()))
          .containsExactly("b", "c");
    }

    @Test
    void defaultsNestThroughBothKindsOfQuotes() {
      assertThat(expand("\"${A:-${B:-'x y'}}\"")).isEqualTo("x y");
      assertThat(expand("${A:-'}'}")).isEqualTo("}");
      assertThat(expand("${A:-a\"}\"b}")).isEqualTo("a}b");
      assertThat(expand("\"${A:+\"$B\"}\"", Map.of("A", "1", "B", "q r"))).isEqualTo("q r");
    }

    @Test
    void alternativeIsOnlyExpandedWhenTheVariableIsSet() {
      Map<String, String> env = Map.of("SET", "1", "EMPTY", "");
      assertThat(expand("${SET:+a${SET}b}", env)).isEqualTo("a1b");
      assertThat(expand("${EMPTY:+x}${EMPTY+y}${UNSET+z}", env)).isEqualTo("y");
    }

    @Test
    void requiredVariableMessageIsExpanded() {
      assertThatThrownBy(() -> expand("${A:?set $B first}", Map.of("B", "it")))
          .isInstanceOf(ShellExpansionException.class)
          .hasMessage("A: set it first");
    }

    @Test
    void nestingUpToTheLimitWorksAndDeeperIsAClearError() {
      int limit = WordScan.MAX_NESTING;
      String deep = "${A:-".repeat(limit) + "x" + "}".repeat(limit);
      assertThat(expand(deep)).isEqualTo("x");

      String tooDeep = "${A:-".repeat(10_000) + "x" + "}".repeat(10_000);
      assertThatThrownBy(() -> expand(tooDeep))
          .isInstanceOf(ShellExpansionException.class)
          .hasMessageStartingWith("substitutions nested more than 100 levels deep in ${A:-");
    }

    @Test
    void nestingLimitFitsInASmallThreadStack() throws InterruptedException {
      int limit = WordScan.MAX_NESTING;
      String deep = "\"${A:-".repeat(limit) + "x" + "}\"".repeat(limit);
      AtomicReference<Object> result = new AtomicReference<>();
      Thread thread =
          new Thread(
              null,
              () -> {
                try {
                  result.set(expand(deep));
                } catch (Throwable t) {
                  result.set(t);
                }
              },
              "small-stack",
              512 * 1024);
      thread.start();
      thread.join();
      assertThat(result.get()).isEqualTo("x");
    }
  }

  @Nested
  class Errors {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "${A|missing '}' in ${A",
          "${|missing '}' in ${",
          "${A:-x|missing '}' in ${A:-x",
          "${A:-${B}|missing '}' in ${A:-${B}",
          "${A:|missing '}' in ${A:",
          "${}|bad substitution in ${}",
          "x${{A}}|bad substitution in x${{A}}",
          "${:-x}|bad substitution in ${:-x}",
          "${A/x|missing '/' in ${A/x",
          "${A/x/y|missing '}' in ${A/x/y",
          "${A:=x}|unsupported modifier ':=' in ${A:=x}",
          "${A=x}|unsupported modifier '=' in ${A=x}",
          "${A:#x}|unsupported modifier ':#' in ${A:#x}",
          "${A:%x}|unsupported modifier ':%' in ${A:%x}",
          "${A.b}|unsupported modifier '.' in ${A.b}",
          "${A?}|A: is not allowed to be unset",
          "${A:?must be set}|A: must be set",
        })
    void malformedWordGivesAOneLineMessage(String word, String message) {
      assertThatThrownBy(() -> expand(word))
          .isInstanceOf(ShellExpansionException.class)
          .isInstanceOf(StrataException.class)
          .hasMessage(message);
    }

    @Test
    void unterminatedQuotesAreNamed() {
      assertThatThrownBy(() -> expand("\"${A}"))
          .hasMessage("missing closing double quote in \"${A}");
      assertThatThrownBy(() -> expand("'abc")).hasMessage("missing closing single quote in 'abc");
      assertThatThrownBy(() -> expand("${A:-'}"))
          .hasMessage("missing closing single quote in ${A:-'}");
    }

    @Test
    void emptyRequiredVariableSaysEmpty() {
      assertThatThrownBy(() -> expand("${A:?}", Map.of("A", "")))
          .hasMessage("A: is not allowed to be empty");
    }

    @Test
    void messageStaysOnOneLineAndShort() {
      assertThatThrownBy(() -> expand("a\nb\t\u0001\u2028${"))
          .hasMessage("missing '}' in a\\nb\\t\\x01\\u2028${");
      String longWord = "x".repeat(10_000) + "${";
      assertThatThrownBy(() -> expand(longWord))
          .hasMessage("missing '}' in " + "x".repeat(200) + "...");
    }

    @Test
    void strayClosingBraceIsLiteral() {
      assertThat(expand("}${A}}{")).isEqualTo("}}{");
    }
  }

  @Nested
  class Parameters {
    @Test
    void positionalAndSpecialParametersAreUnsetEvenIfTheEnvironmentNamesThem() {
      Map<String, String> env = Map.of("1", "one", "@", "at", "0", "zero", "10", "ten");
      assertThat(expand("[$1][${1}][$@][$0][${10}]", env)).isEqualTo("[][][][][]");
      assertThat(expand("${1:-d}", env)).isEqualTo("d");
    }

    @Test
    void referencesToParametersAreReportedUnmatched() {
      Expansion e =
          BACKSLASH.processWordWithMatches("$1 $@ ${A} $B", Environment.of(Map.of("A", "a")));
      assertThat(e.result()).isEqualTo("  a ");
      assertThat(e.matched()).containsExactly("A");
      assertThat(e.unmatched()).containsExactly("1", "@", "B");
    }

    @Test
    void namesAreCaseSensitive() {
      assertThat(expand("$pwd$PWD", Map.of("PWD", "/home"))).isEqualTo("/home");
    }

    @Test
    void namesMayUseUnicodeLettersAndDigits() {
      assertThat(expand("$변수1.", Map.of("변수1", "v"))).isEqualTo("v.");
    }

    @Test
    void dollarBeforeANonNameCharacterIsLiteral() {
      assertThat(expand("$ $. $/ $\"x\" $")).isEqualTo("$ $. $/ $x $");
    }

    @Test
    void emptyNameIsUnsetAndNotReported() {
      Expansion e = BACKSLASH.processWordWithMatches("${+x}${%x}", Environment.empty());
      assertThat(e.result()).isEmpty();
      assertThat(e.unmatched()).isEmpty();
    }

    @Test
    void setButEmptyDiffersFromUnset() {
      Map<String, String> env = Map.of("E", "");
      assertThat(expand("${E-d}|${E:-d}|${U-d}", env)).isEqualTo("|d|d");
    }
  }

  @Nested
  class Splitting {
    @Test
    void splitsOnEveryUnicodeWhiteSpaceLikeGo() {
      assertThat(BACKSLASH.processWords("a\u00a0b\u2003c\u0085d\te", Environment.empty()))
          .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void controlCharactersThatJavaCallsWhitespaceDoNotSplit() {
      assertThat(BACKSLASH.processWords("a\u001fb", Environment.empty()))
          .containsExactly("a\u001fb");
    }

    @Test
    void emptyQuotesAloneMakeNoWord() {
      assertThat(BACKSLASH.processWords("a \"\" '' b", Environment.empty()))
          .containsExactly("a", "b");
      assertThat(BACKSLASH.processWords("", Environment.empty())).isEmpty();
    }

    @Test
    void valueOfAnUnquotedExpansionIsSplit() {
      Environment env = Environment.of(Map.of("L", " -a  -b "));
      assertThat(BACKSLASH.processWords("ls$L/x", env)).containsExactly("ls", "-a", "-b", "/x");
      assertThat(BACKSLASH.processWords("ls\"$L\"/x", env)).containsExactly("ls -a  -b /x");
    }

    @Test
    void processWordKeepsAllWhitespace() {
      assertThat(BACKSLASH.processWord("  a  \"b  \"  ", Environment.empty()))
          .isEqualTo("  a  b    ");
    }
  }

  @Nested
  class LongInputs {
    @Test
    void longPlainWordIsUnchanged() {
      String word = "abc/".repeat(50_000);
      assertThat(expand(word)).isEqualTo(word);
      assertThat(BACKSLASH.processWords(word + " " + word, Environment.empty()))
          .containsExactly(word, word);
    }

    @Test
    void manyExpansionsInOneWord() {
      String word = "$A-".repeat(20_000);
      assertThat(expand(word, Map.of("A", "xy"))).isEqualTo("xy-".repeat(20_000));
    }

    @Test
    void patternsOnLongValuesRunInLinearTime() {
      String value = "a".repeat(200_000);
      Map<String, String> env = Map.of("V", value, "W", value + "b");
      // A backtracking regex needs time polynomial (here: n^6) in the value length for these.
      assertThat(expand("${V#*a*a*a*a*a*b}", env)).isEqualTo(value);
      assertThat(expand("${V//*a*a*a*a*b/x}", env)).isEqualTo(value);
      assertThat(expand("${W%%a*a*a*a*b}", env)).isEmpty();
      assertThat(expand("${W/a*a*a*b/x}", env)).isEqualTo("x");
    }

    @Test
    void longPatternWithManyWildcards() {
      String pattern = "?*".repeat(2_000);
      String value = "x".repeat(6_000);
      assertThat(expand("${V#" + pattern + "}", Map.of("V", value))).isEqualTo("x".repeat(4_000));
      assertThat(expand("${V##" + pattern + "}", Map.of("V", value))).isEmpty();
    }
  }

  @Test
  void leadingByteOrderMarkIsDroppedAsByGoTextScanner() {
    assertThat(expand("\uFEFFa\uFEFF")).isEqualTo("a\uFEFF");
  }

  @Test
  void referencesAreReportedOncePerNameInLookupOrder() {
    Expansion e =
        BACKSLASH.processWordWithMatches(
            "${B:-$C}$A$B${A#$C}", Environment.of(Map.of("A", "a", "B", "b")));
    assertThat(e.result()).isEqualTo("bab" + "a");
    assertThat(List.copyOf(e.matched())).containsExactly("B", "A");
    assertThat(e.unmatched()).containsExactly("C");
  }
}
