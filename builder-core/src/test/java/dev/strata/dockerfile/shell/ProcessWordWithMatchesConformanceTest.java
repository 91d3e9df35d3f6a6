package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.dockerfile.shell.BuildkitShellCorpus.MatchCase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cases from BuildKit's table-driven lexer tests: operators {@code ? # % /}, and which variables an
 * expansion referenced ({@code matched} when set, {@code unmatched} when unset).
 */
class ProcessWordWithMatchesConformanceTest {
  private static final ShellLexer LEXER = new ShellLexer('\\');

  static Stream<MatchCase> cases() {
    return BuildkitShellCorpus.matchCases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expandsAndReportsReferencesLikeBuildKit(MatchCase c) {
    Environment env = Environment.of(c.env());
    if (c.error()) {
      var thrown =
          assertThatThrownBy(() -> LEXER.processWordWithMatches(c.input(), env))
              .isInstanceOf(ShellExpansionException.class);
      if (c.errorContains() != null) {
        thrown.hasMessageContaining(c.errorContains());
      }
      return;
    }
    Expansion expansion = LEXER.processWordWithMatches(c.input(), env);
    assertThat(expansion.result()).isEqualTo(c.expected());
    assertThat(LEXER.processWord(c.input(), env)).isEqualTo(c.expected());
    if (c.checksReferences()) {
      assertThat(expansion.matched()).containsExactlyInAnyOrderElementsOf(c.matched());
      assertThat(expansion.unmatched()).containsExactlyInAnyOrderElementsOf(c.unmatched());
    }
  }

  @Test
  void corpusHas56CasesOf16AreErrors() {
    List<MatchCase> cases = BuildkitShellCorpus.matchCases();
    assertThat(cases).hasSize(56);
    assertThat(cases.stream().filter(MatchCase::error)).hasSize(16);
  }
}
