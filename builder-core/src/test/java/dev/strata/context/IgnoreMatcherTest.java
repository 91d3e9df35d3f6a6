package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behaviour beyond the upstream tables: what patternmatcher's translation to RE2 makes of bracket
 * expressions and escapes, and the incremental entry point used by the walker.
 */
class IgnoreMatcherTest {
  private static boolean excluded(String path, String... patterns) {
    return IgnoreMatcher.of(List.of(patterns)).matchesOrParentMatches(path);
  }

  @Test
  void directoryPatternExcludesEverythingBelowIt() {
    assertThat(excluded("docs/a/b.md", "docs")).isTrue();
    assertThat(excluded("docsx/a", "docs")).isFalse();
  }

  @Test
  void lastMatchingPatternWins() {
    assertThat(excluded("a.log", "*.log", "!a.log")).isFalse();
    assertThat(excluded("a.log", "*.log", "!a.log", "a*")).isTrue();
  }

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() {
    assertThat(excluded("c.go", "**/*.go")).isTrue();
    assertThat(excluded("a/b/c.go", "**/*.go")).isTrue();
    assertThat(excluded("a/b/c.gox", "**/*.go")).isFalse();
    assertThat(excluded("x/y", "x/**/y")).isTrue();
    assertThat(excluded("x/1/2/y", "x/**/y")).isTrue();
  }

  @Test
  void trailingDoubleStarIsAPlainPrefix() {
    // "abc**" is compared as the prefix "abc", so it reaches into other names and directories.
    assertThat(excluded("abcdef/x", "abc**")).isTrue();
    assertThat(excluded("ab", "abc**")).isFalse();
  }

  @Test
  void leadingDoubleStarWithoutWildcardsIsAPlainSuffix() {
    assertThat(excluded("dir/myfile", "**file")).isTrue();
    assertThat(excluded("x/.foo", "**/.foo")).isTrue();
    assertThat(excluded("bar.foo", "**/.foo")).isFalse();
  }

  @Test
  void starInsideBracketsBecomesPartOfTheExpressionAsUpstream() {
    // "[*]" turns into ^[[^/]*]$ : the bracket closes early, so it matches "]" but not "*".
    assertThat(excluded("]", "[*]")).isTrue();
    assertThat(excluded("[]", "[*]")).isTrue();
    assertThat(excluded("*", "[*]")).isFalse();
  }

  @Test
  void escapesMeanWhatRe2MakesOfThem() {
    assertThat(excluded("a1", "a\\d")).isTrue();
    assertThat(excluded("ad", "a\\d")).isFalse();
    assertThat(excluded("a*b", "a\\*b")).isTrue();
    assertThat(excluded("a.b", "a\\.b")).isTrue();
    assertThat(excluded("5x", "[[:digit:]]x")).isTrue();
    assertThat(excluded("ax", "[[:digit:]]x")).isFalse();
    assertThat(excluded("αx", "\\pLx")).isTrue();
    assertThat(excluded("1x", "\\pLx")).isFalse();
  }

  @Test
  void namedUnicodeClassIsBrokenByTheBraceEscapingAsUpstream() {
    // The translation escapes "{", so RE2 reads "\p\{" and rejects the class name "\".
    IgnoreMatcher m = IgnoreMatcher.of(List.of("\\p{Greek}x"));
    assertThatThrownBy(() -> m.matchesOrParentMatches("αx"))
        .isInstanceOf(IgnorePatternException.class);
  }

  @Test
  void anchorsAreTextEndsAndDotStopsAtNewline() {
    assertThat(excluded("ab\n", "a?")).isFalse();
    assertThat(excluded("x/p\nq/y", "x/**/y")).isFalse();
    assertThat(excluded("x/pq/y", "x/**/y")).isTrue();
  }

  @Test
  void unknownEscapeFailsWhenEvaluatedNotWhenBuilt() {
    IgnoreMatcher m = IgnoreMatcher.of(List.of("a\\q*"));
    assertThatThrownBy(() -> m.matchesOrParentMatches("aq"))
        .isInstanceOf(IgnorePatternException.class)
        .hasMessageContaining("\"a\\\\q*\"");
  }

  @Test
  void reversedRangeFailsEveryTimeItIsReached() {
    IgnoreMatcher m = IgnoreMatcher.of(List.of("[z-a]"));
    assertThatThrownBy(() -> m.matchesOrParentMatches("b"))
        .isInstanceOf(IgnorePatternException.class)
        .hasMessageContaining("invalid character class range: z-a");
    assertThatThrownBy(() -> m.matchesOrParentMatches("b"))
        .isInstanceOf(IgnorePatternException.class);
  }

  @Test
  void brokenPatternThatCannotChangeTheAnswerIsNotEvaluated() {
    // Nothing is excluded yet, so the exception "[z-a]" is skipped, as upstream.
    assertThat(excluded("x", "![z-a]")).isFalse();
  }

  @Test
  void incrementalResultsAgreeWithParentMatchingForAWalk() {
    IgnoreMatcher m = IgnoreMatcher.of(List.of("**", "!util/docker/web", "util/docker/web/x*"));
    String[] walk = {"util", "util/docker", "util/docker/web", "util/docker/web/foo"};
    IgnoreMatcher.ParentMatches state = IgnoreMatcher.ParentMatches.NONE;
    for (String path : walk) {
      IgnoreMatcher.Match r = m.matchesUsingParentResults(path, state);
      assertThat(r.excluded()).as(path).isEqualTo(m.matchesOrParentMatches(path));
      state = r.parentMatches();
    }
    assertThat(m.matchesUsingParentResults("util/docker/web/xy", state).excluded()).isTrue();
  }

  @Test
  void manyDoubleStarsStayFastOnLongPaths() {
    IgnoreMatcher m = IgnoreMatcher.of(List.of("**/a/**/b/**/c/**/d/**/e/**/nomatch"));
    String path = "a/b/c/d/e/".repeat(200) + "file";
    assertThat(m.matchesOrParentMatches(path)).isFalse();
  }

  @Test
  void hasExceptionsReportsBangPatterns() {
    assertThat(IgnoreMatcher.of(List.of("a")).hasExceptions()).isFalse();
    assertThat(IgnoreMatcher.of(List.of("a", " !a/b ")).hasExceptions()).isTrue();
    assertThat(IgnoreMatcher.of(List.of("", "  ")).isEmpty()).isTrue();
  }
}
