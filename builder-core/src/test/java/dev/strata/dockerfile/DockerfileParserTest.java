package dev.strata.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the BuildKit corpus does not cover: directives, BOM, CRLF, errors, rare instructions. */
class DockerfileParserTest {
  private static ParsedDockerfile parse(String text) {
    return DockerfileParser.parse(text, "Dockerfile");
  }

  private static String dump(String text) {
    return NodeDump.dump(parse(text).nodes());
  }

  private static void assertRejected(String text, int line, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((DockerfileSyntaxException) e).line()).isEqualTo(line));
  }

  @Test
  void maintainerShellAndStopsignalKeepTheirText() {
    assertThat(
            dump(
                "FROM a\n"
                    + "MAINTAINER  Jane Doe <jane@example.com>\n"
                    + "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
                    + "SHELL powershell -command\n"
                    + "STOPSIGNAL SIGKILL\n"))
        .isEqualTo(
            "(from \"a\")\n"
                + "(maintainer \"Jane Doe <jane@example.com>\")\n"
                + "(shell \"/bin/bash\" \"-o\" \"pipefail\" \"-c\")\n"
                + "(shell \"powershell -command\")\n"
                + "(stopsignal \"SIGKILL\")\n");
  }

  @Test
  void jsonFormIsMarkedAndShellFormIsNot() {
    List<Node> nodes = parse("FROM a\nCMD [\"a\"]\nCMD a\nCOPY [\"a b\", \"/c\"]\n").nodes();

    assertThat(nodes).extracting(Node::json).containsExactly(false, true, false, true);
  }

  @Test
  void jsonWithTrailingTextFallsBackToShellForm() {
    Node cmd = parse("FROM a\nCMD [\"a\"] b\n").nodes().get(1);

    assertThat(cmd.json()).isFalse();
    assertThat(cmd.args()).containsExactly("[\"a\"] b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CMD [\"a\", null]",
        "RUN [\"a\", 1]",
        "ENTRYPOINT [{}]",
        "COPY [\"a\", true]",
        "VOLUME [[\"a\"]]",
        "HEALTHCHECK CMD [\"a\", 2]"
      })
  void jsonArrayWithNonStringsIsAnError(String instruction) {
    assertRejected(
        "FROM a\n" + instruction + "\n",
        2,
        "Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only");
  }

  @Test
  void instructionNamesAreCaseInsensitive() {
    assertThat(dump("from a\nRun b\nworkDIR /x\nHealthCheck NONE\nonbuild Add . /\n"))
        .isEqualTo(
            "(from \"a\")\n(run \"b\")\n(workdir \"/x\")\n(healthcheck \"NONE\")\n"
                + "(onbuild (add \".\" \"/\"))\n");
  }

  @Test
  void unknownInstructionSuggestsTheClosestInTheUsersCase() {
    assertRejected(
        "FORM alpine\n", 1, "Dockerfile:1: unknown instruction: FORM (did you mean FROM?)");
    assertRejected(
        "FROM a\n\ncopy . /\nwrokdir /app\n",
        4,
        "Dockerfile:4: unknown instruction: wrokdir (did you mean workdir?)");
    assertRejected("FROM a\nFROBNICATE x\n", 2, "Dockerfile:2: unknown instruction: FROBNICATE");
  }

  @Test
  void unknownInstructionUnderOnbuildIsAnError() {
    assertRejected(
        "FROM a\nONBUILD RUNN x\n",
        2,
        "Dockerfile:2: unknown instruction: RUNN (did you mean RUN?)");
  }

  @Test
  void byteOrderMarkIsIgnored() {
    ParsedDockerfile parsed = parse("\uFEFF# escape=`\nFROM a\nRUN x `\n  y\n");

    assertThat(parsed.directives().escape()).isEqualTo('`');
    assertThat(NodeDump.dump(parsed.nodes())).isEqualTo("(from \"a\")\n(run \"x   y\")\n");
  }

  @Test
  void crlfLineEndingsParseLikeLf() {
    String lf = "# escape=\\\nFROM a AS b\nRUN echo \\\n  hi\nENV A=1 B=\"x y\"\n";

    assertThat(parse(lf.replace("\n", "\r\n")).nodes()).isEqualTo(parse(lf).nodes());
  }

  @Test
  void lineContinuationWithBacktickEscapeLeavesBackslashesAlone() {
    assertThat(dump("# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo \\\n"))
        .isEqualTo("(from \"a\")\n(run \"dir c:\\\\   && echo \\\\\")\n");
  }

  @Test
  void allThreeDirectivesAreReadWithRawValues() {
    ParsedDockerfile parsed =
        parse(
            "# syntax=docker/dockerfile:1.7\n"
                + "#Check = skip=JSONArgsRecommended;error=true  \n"
                + "  # ESCAPE = `\n"
                + "FROM a\n");

    assertThat(parsed.directives())
        .isEqualTo(
            new Directives(
                '`',
                Optional.of("docker/dockerfile:1.7"),
                Optional.of("skip=JSONArgsRecommended;error=true")));
  }

  @Test
  void directivesAfterABlankLineOrCommentAreComments() {
    assertThat(parse("\n# escape=`\nFROM a\n").directives()).isEqualTo(Directives.DEFAULT);
    assertThat(parse("# hello\n# syntax=x\nFROM a\n").directives()).isEqualTo(Directives.DEFAULT);
    assertThat(parse("# unknown=1\n# check=error=true\nFROM a\n").directives())
        .isEqualTo(Directives.DEFAULT);
    assertThat(parse("FROM a\n# escape=`\nRUN x \\\n y\n").directives().escape()).isEqualTo('\\');
  }

  @Test
  void repeatedDirectiveIsAnError() {
    assertRejected(
        "# syntax=a\n# escape=`\n# SYNTAX=b\nFROM a\n",
        3,
        "Dockerfile:3: only one syntax parser directive can be used");
  }

  @Test
  void escapeDirectiveAcceptsOnlyBackslashOrBacktick() {
    assertRejected(
        "# escape=/\nFROM a\n", 1, "Dockerfile:1: invalid escape token '/' does not match ` or \\");
  }

  @Test
  void envLabelAndArgNeedNames() {
    assertRejected("FROM a\nENV =x\n", 2, "Dockerfile:2: ENV names can not be blank");
    assertRejected("FROM a\nENV a=1 =x\n", 2, "Dockerfile:2: ENV names can not be blank");
    assertRejected("FROM a\nLABEL\n", 2, "Dockerfile:2: LABEL requires at least one argument");
    assertRejected("FROM a\nENV\n", 2, "Dockerfile:2: ENV requires at least one argument");
    assertRejected("ARG\n", 1, "Dockerfile:1: ARG requires at least one argument");
    assertRejected("ARG a =b\n", 1, "Dockerfile:1: ARG names can not be blank");
    assertRejected("FROM a\n\nENV PATH\n", 3, "Dockerfile:3: ENV must have two arguments");
    assertRejected(
        "FROM a\nLABEL a=1 b\n",
        2,
        "Dockerfile:2: Syntax error - can't find = in \"b\". Must be of the form: name=value");
  }

  @Test
  void errorInAContinuedInstructionNamesItsFirstLine() {
    assertRejected(
        "FROM a\nENV \\\n  \\\n  PATH\n", 2, "Dockerfile:2: ENV must have two arguments");
  }

  @Test
  void lineLongerThan65535BytesIsRejected() {
    String ok = "FROM a\nRUN " + "x".repeat(DockerfileParser.MAX_LINE_BYTES - 4) + "\n";
    assertThat(parse(ok).nodes()).hasSize(2);
    String crlfOk = "FROM a\r\nRUN " + "x".repeat(DockerfileParser.MAX_LINE_BYTES - 5) + "\r\n";
    assertThat(parse(crlfOk).nodes()).hasSize(2);

    assertRejected(
        "FROM a\nLABEL a=b\nRUN " + "é".repeat(32766) + "\n",
        3,
        "Dockerfile:3: dockerfile line greater than max allowed size of 65535");
  }

  @Test
  void flagsLoseQuotesAndBackslashesButNotTheirText() {
    Node copy =
        parse("FROM a\nCOPY --from=\"build stage\" --chown='1:1' --x=a\\ b --link -- --src /d\n")
            .nodes()
            .get(1);

    assertThat(copy.flags())
        .containsExactly("--from=build stage", "--chown=1:1", "--x=a b", "--link");
    assertThat(copy.args()).containsExactly("--src", "/d");
  }

  @Test
  void originalTextIsTheJoinedLine() {
    Node run =
        parse("FROM a\n  RUN  apt-get update \\\n\t&& apt-get install -y x  \n").nodes().get(1);

    assertThat(run.original()).isEqualTo("RUN  apt-get update \t&& apt-get install -y x  ");
    assertThat(run.args()).containsExactly("apt-get update \t&& apt-get install -y x");
  }

  @Test
  void onlyContinuationCharactersIsNotAnInstruction() {
    assertRejected(
        "\\\n  \\\n",
        1,
        "Dockerfile:1: missing instruction: the line holds only continuation characters");
  }

  @Test
  void parseReadsAFileAndNamesErrorsByItsName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("app.Dockerfile");
    Files.writeString(file, "FROM a\nRUNN b\n");

    assertThatThrownBy(() -> DockerfileParser.parse(file))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage("app.Dockerfile:2: unknown instruction: RUNN (did you mean RUN?)");
  }

  @Test
  void missingOrUndecodableFileIsAUserError(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> DockerfileParser.parse(dir.resolve("nope")))
        .isInstanceOf(StrataException.class)
        .hasMessage("cannot read " + dir.resolve("nope") + ": no such file");

    Path latin1 = dir.resolve("Dockerfile");
    Files.write(latin1, new byte[] {'F', 'R', 'O', 'M', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> DockerfileParser.parse(latin1))
        .isInstanceOf(StrataException.class)
        .hasMessage("Dockerfile: not valid UTF-8 text");
  }

  @Test
  void blankOnlyFileHasNoInstructions() {
    assertThatThrownBy(() -> parse("  \n\t\n"))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage("Dockerfile: file with no instructions (it is empty)")
        .satisfies(e -> assertThat(((DockerfileSyntaxException) e).line()).isZero());
  }
}
