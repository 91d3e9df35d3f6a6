package dev.strata.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.dockerfile.shell.BuildkitShellCorpus.WordsRow;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BuildKit's {@code wordsTest}: expansion with word splitting. {@code ENV} lines set variables for
 * the rows below them; trailing spaces in values and in expected words are significant.
 */
class WordsConformanceTest {
  private static final ShellLexer LEXER = new ShellLexer('\\');

  static Stream<WordsRow> rows() {
    return BuildkitShellCorpus.wordsRows().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void splitsLikeBuildKit(WordsRow row) {
    Environment env = Environment.of(row.env());
    if (row.expectsError()) {
      assertThatThrownBy(() -> LEXER.processWords(row.input(), env))
          .isInstanceOf(ShellExpansionException.class);
    } else {
      assertThat(LEXER.processWords(row.input(), env)).isEqualTo(row.expected());
    }
  }

  @Test
  void corpusHas24RowsAndKeepsTrailingSpaces() {
    List<WordsRow> rows = BuildkitShellCorpus.wordsRows();
    assertThat(rows).hasSize(24);
    assertThat(rows.get(rows.size() - 1).env()).containsEntry("trailing", "ab c   ");
    assertThat(rows)
        .anySatisfy(r -> assertThat(r.expected()).containsExactly("helloab c   "))
        .anySatisfy(r -> assertThat(r.expected()).containsExactly("hello there  "));
  }
}
