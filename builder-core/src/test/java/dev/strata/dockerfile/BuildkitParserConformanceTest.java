package dev.strata.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BuildKit's parser corpus: every fixture, byte for byte. */
class BuildkitParserConformanceTest {
  static Stream<Path> positiveCases() {
    return Corpus.cases("testfiles").stream();
  }

  @Test
  void corpusHasAllThirtyThreePositiveCases() {
    assertThat(Corpus.cases("testfiles")).hasSize(33);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("positiveCases")
  void positiveFixtureDumpsExactlyAsResult(Path dir) {
    ParsedDockerfile parsed = DockerfileParser.parse(dir.resolve("Dockerfile"));

    assertThat(NodeDump.dump(parsed.nodes())).isEqualTo(Corpus.read(dir.resolve("result")));
  }

  static Stream<Arguments> negativeCases() {
    return Stream.of(
        Arguments.of("empty_dockerfile", "Dockerfile: file with no instructions (it is empty)"),
        Arguments.of("only_comments", "Dockerfile: file with no instructions"),
        Arguments.of("env_no_value", "Dockerfile:3: ENV must have two arguments"),
        Arguments.of(
            "shykes-nested-json",
            "Dockerfile:1: when using JSON array syntax, arrays must be comprised of strings only"));
  }

  @Test
  void corpusHasAllFourNegativeCases() {
    assertThat(Corpus.cases("testfiles-negative"))
        .map(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            "empty_dockerfile", "only_comments", "env_no_value", "shykes-nested-json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeCases")
  void negativeFixtureIsRejectedNamingFileAndLine(String name, String message) {
    Path file = Corpus.root().resolve("testfiles-negative").resolve(name).resolve("Dockerfile");

    assertThatThrownBy(() -> DockerfileParser.parse(file))
        .isInstanceOf(StrataException.class)
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void lineRangesMatchTheLineFixture() {
    ParsedDockerfile parsed =
        DockerfileParser.parse(Corpus.root().resolve("testfile-line").resolve("Dockerfile"));

    assertThat(parsed.nodes())
        .extracting(n -> n.keyword() + " " + n.startLine() + "-" + n.endLine())
        .containsExactly("from 5-5", "env 11-12", "run 17-31");
    assertThat(parsed.directives().escape()).isEqualTo('\\');
  }

  @Test
  void emptyContinuationLinesGiveExactlyTheExpectedWarnings() {
    Path dir = Corpus.root().resolve("warnings-empty-continuation");
    List<String[]> expected = new ArrayList<>();
    for (String line : Corpus.read(dir.resolve("expected-warnings.txt")).split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        expected.add(line.split("\t", 2));
      }
    }

    ParsedDockerfile parsed = DockerfileParser.parse(dir.resolve("Dockerfile"));

    assertThat(parsed.warnings()).hasSize(2);
    assertThat(expected).isNotEmpty();
    for (String[] e : expected) {
      ParseWarning warning = parsed.warnings().get(Integer.parseInt(e[0]) - 1);
      assertThat(warning.message()).contains(e[1]);
    }
    assertThat(parsed.warnings().get(0).detail())
        .contains("will become errors in a future release");
    assertThat(parsed.warnings()).extracting(ParseWarning::line).containsExactly(11, 15);
  }
}
