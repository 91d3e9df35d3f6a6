package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.dockerfile.shell.BuildkitShellCorpus.EnvVarRow;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BuildKit's {@code envVarTest}: single-word expansion against a fixed environment. Rows marked
 * {@code A} (all platforms) and {@code U} (Unix) must pass; rows marked {@code W} describe Windows,
 * where variable names are case-insensitive, and do not apply to strata, which builds Linux images
 * with Unix semantics. Those rows are checked for what they are: each has a {@code U} twin with the
 * same input, and strata gives the Unix answer.
 */
class EnvVarConformanceTest {
  private static final ShellLexer LEXER = new ShellLexer('\\');
  private static final Environment ENV = Environment.of(BuildkitShellCorpus.ENV_VAR_TEST_ENV);

  static Stream<EnvVarRow> unixRows() {
    return BuildkitShellCorpus.envVarRows().stream().filter(r -> !r.platform().equals("W"));
  }

  static Stream<EnvVarRow> windowsOnlyRows() {
    return BuildkitShellCorpus.envVarRows().stream().filter(r -> r.platform().equals("W"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unixRows")
  void expandsLikeBuildKit(EnvVarRow row) {
    if (row.expectsError()) {
      assertThatThrownBy(() -> LEXER.processWord(row.input(), ENV))
          .isInstanceOf(ShellExpansionException.class);
      assertThatThrownBy(() -> LEXER.processWordWithMatches(row.input(), ENV))
          .isInstanceOf(ShellExpansionException.class);
    } else {
      assertThat(LEXER.processWord(row.input(), ENV)).isEqualTo(row.expected());
      assertThat(LEXER.processWordWithMatches(row.input(), ENV).result()).isEqualTo(row.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windowsOnlyRows")
  void windowsOnlyRowGetsTheUnixAnswerOfItsTwin(EnvVarRow windowsRow) {
    EnvVarRow unixTwin =
        unixRows()
            .filter(r -> r.platform().equals("U") && r.input().equals(windowsRow.input()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no U row for " + windowsRow));

    assertThat(unixTwin.expected()).isNotEqualTo(windowsRow.expected());
    assertThat(LEXER.processWord(windowsRow.input(), ENV)).isEqualTo(unixTwin.expected());
  }

  @Test
  void corpusHas226AllPlatformRows2UnixRowsAnd2WindowsRows() {
    Map<String, Long> byPlatform =
        BuildkitShellCorpus.envVarRows().stream()
            .collect(Collectors.groupingBy(EnvVarRow::platform, Collectors.counting()));
    assertThat(byPlatform).isEqualTo(Map.of("A", 226L, "U", 2L, "W", 2L));
  }

  @Test
  void emptyExpectedFieldMeansTheEmptyString() {
    List<EnvVarRow> rows = BuildkitShellCorpus.envVarRows();
    EnvVarRow dollarOne =
        rows.stream().filter(r -> r.input().equals("$1")).findFirst().orElseThrow();
    assertThat(dollarOne.expected()).isEmpty();
    assertThat(LEXER.processWord("$1", ENV)).isEmpty();
  }
}
