package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseCommandTest {
  /** The sample the README runs; the tests run from the module directory. */
  private static final Path SAMPLE = Path.of("../testdata/parse/multistage");

  @TempDir Path dir;

  @Test
  void printsTheSamplePlanWithLinesAndExpandedValues() {
    CliRun run =
        CliRun.of("parse", "-f", SAMPLE.resolve("Dockerfile").toString(), SAMPLE.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("stage 0 \"build\"  FROM busybox:latest  (image,")
        .contains("  9-10    ENV APP_HOME=/opt/app VERSION=1.0-build")
        .contains("WORKDIR /opt/app")
        .contains("| echo \"building ${VERSION} for ${TARGETARCH}\" > build.txt")
        .contains("build args: VERSION=1.0 TARGETARCH=amd64")
        .contains("COPY --from=build /opt/app/build.txt /usr/share/app/")
        .contains("| echo hello from app 1.0")
        .contains("needs stages 0");
  }

  @Test
  void buildArgsAndTargetChangeThePlan() {
    CliRun run =
        CliRun.of("parse", "--build-arg", "VERSION=2.5", "--target", "build", SAMPLE.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("# Dockerfile, target stage build")
        .contains("ENV APP_HOME=/opt/app VERSION=2.5-build")
        .doesNotContain("stage 1");
  }

  @Test
  void jsonFormatCarriesTheSamePlan() throws IOException {
    CliRun run = CliRun.of("parse", "--format", "json", SAMPLE.toString());
    assertThat(run.exitCode()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.out());
    assertThat(plan.get("target").asText()).isEqualTo("1");
    JsonNode build = plan.get("stages").get(0);
    assertThat(build.get("name").asText()).isEqualTo("build");
    JsonNode env = build.get("steps").get(2);
    assertThat(env.get("line").asInt()).isEqualTo(9);
    assertThat(env.get("endLine").asInt()).isEqualTo(10);
    assertThat(env.get("text").asText()).isEqualTo("ENV APP_HOME=/opt/app VERSION=1.0-build");
    JsonNode run4 = build.get("steps").get(5);
    assertThat(run4.get("instruction").asText()).isEqualTo("RUN");
    assertThat(run4.get("heredocs").get(0).get("content").asText()).startsWith("set -e\n");
    assertThat(run4.get("args").get("VERSION").asText()).isEqualTo("1.0");
    assertThat(plan.get("stages").get(1).get("dependsOn").get(0).asInt()).isZero();
  }

  @Test
  void dockerfileFromStandardInput() throws IOException {
    var in = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("FROM scratch\nLABEL a=b\n".getBytes()));
      CliRun run = CliRun.of("parse", "-f", "-", dir.toString());
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("LABEL a=b");
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void warningsGoToStandardError() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nLABEL a=$NOPE\n");
    CliRun run = CliRun.of("parse", "--build-arg", "UNUSED=1", dir.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("warning: Dockerfile:2: UndefinedVar: usage of undefined variable '$NOPE'")
        .contains("warning: Dockerfile: build args [UNUSED] were not consumed by any ARG");
  }

  /** Every malformed input: one line naming the file and line, exit 1, no stack trace. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown instruction      | FROM scratch\\nFOO bar\\n                    | Dockerfile:2: unknown instruction: FOO (did you mean FROM?)
          unknown flag             | FROM scratch\\nCOPY --bogus a b\\n           | Dockerfile:2: unknown flag: --bogus
          malformed flag           | FROM scratch\\nRUN --mount=type=nope true\\n | Dockerfile:2: unsupported mount type "nope"
          malformed duration       | FROM scratch\\nHEALTHCHECK --interval=abc CMD true\\n | Dockerfile:2: --interval: invalid duration "abc" (write e.g. 30s or 1m30s)
          unterminated heredoc     | FROM scratch\\nRUN <<EOF\\necho hi\\n        | Dockerfile:2: unterminated heredoc <<EOF: no line "EOF" before the end of the file
          bad escape directive     | # escape=x\\nFROM scratch\\n                 | Dockerfile:1: invalid escape token 'x' does not match ` or \\
          SHELL not JSON           | FROM scratch\\nSHELL /bin/sh -c\\n           | Dockerfile:2: SHELL requires the arguments to be in JSON form
          ENV without a name       | FROM scratch\\nENV =x\\n                     | Dockerfile:2: ENV names can not be blank
          LABEL without a name     | FROM scratch\\nLABEL =x\\n                   | Dockerfile:2: LABEL names can not be blank
          ARG without a name       | FROM scratch\\nARG =x\\n                     | Dockerfile:2: ARG names can not be blank
          instruction before FROM  | RUN true\\nFROM scratch\\n                   | Dockerfile:1: no build stage in current context: RUN must come after a FROM (only ARG may come before the first FROM)
          empty file               | \\n                                         | Dockerfile: file with no instructions (it is empty)
          unmatched brace          | FROM scratch\\nENV X=${A\\n                  | Dockerfile:2: missing '}' in ${A
          required variable        | FROM scratch\\nWORKDIR ${D:?set D}\\n        | Dockerfile:2: D: set D
          bad from reference       | FROM scratch\\nCOPY --from=Bad! a b\\n       | Dockerfile:2: --from=Bad! is neither a stage of Dockerfile nor a valid image reference
          cyclic stages            | FROM scratch AS a\\nCOPY --from=a x y\\n     | Dockerfile:2: circular dependency between stages: a -> a
          undefined stage index    | FROM scratch\\nCOPY --from=3 x y\\n          | Dockerfile:2: --from=3 names stage index 3, but Dockerfile has 1 stage (index 0)
          bad base reference       | FROM UPPER\\n                              | Dockerfile:1: FROM UPPER: invalid image reference
          """)
  void malformedDockerfileIsOneLineWithFileAndLine(String what, String text, String message)
      throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), text.replace("\\n", "\n"));
    CliRun run = CliRun.of("parse", dir.toString());
    assertThat(run.exitCode()).as(what).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: " + message + "\n");
  }

  @Test
  void unknownTargetSuggestsAStage() {
    CliRun run = CliRun.of("parse", "--target", "biuld", SAMPLE.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: target stage \"biuld\" could not be found in Dockerfile (did you mean build?)\n");
  }

  @Test
  void missingContextOrDockerfileIsAClearError() {
    CliRun noContext = CliRun.of("parse", dir.resolve("nope").toString());
    assertThat(noContext.exitCode()).isEqualTo(1);
    assertThat(noContext.err())
        .isEqualTo("error: build context " + dir.resolve("nope") + " does not exist\n");
    CliRun noFile = CliRun.of("parse", dir.toString());
    assertThat(noFile.exitCode()).isEqualTo(1);
    assertThat(noFile.err())
        .isEqualTo("error: cannot read " + dir.resolve("Dockerfile") + ": no such file\n");
  }

  @Test
  void badFlagsAreUsageErrors() {
    CliRun run = CliRun.of("parse", "--format", "xml", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
    CliRun arg = CliRun.of("parse", "--build-arg", "=x", dir.toString());
    assertThat(arg.exitCode()).isEqualTo(2);
    assertThat(arg.err()).contains("--build-arg =x: expected NAME=VALUE or NAME");
  }

  @Test
  void debugShowsTheStackTrace() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nFOO bar\n");
    CliRun run = CliRun.of("--debug", "parse", dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\tat dev.strata.");
  }

  @Test
  void bareBuildArgTakesItsValueFromTheEnvironment() {
    Map<String, String> env = Map.of("FROM_ENV", "yes");
    assertThat(BuildArgs.parse(java.util.List.of("FROM_ENV", "UNSET", "A=b=c"), env::get, null))
        .containsExactly(Map.entry("FROM_ENV", "yes"), Map.entry("A", "b=c"));
  }

  @Test
  void helpAndVersion() {
    CliRun help = CliRun.of("parse", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: strata parse").contains("--build-arg");
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).contains("strata");
  }
}
