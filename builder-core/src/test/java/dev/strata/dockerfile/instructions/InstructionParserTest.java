package dev.strata.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.DockerfileSyntaxException;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Nodes to typed instructions and stages. */
class InstructionParserTest {
  static Dockerfile parse(String text) {
    return InstructionParser.parse(DockerfileParser.parse(text, "Dockerfile"));
  }

  /** The only instruction after {@code FROM a}. */
  @SuppressWarnings("unchecked")
  static <T extends Instruction> T only(String instruction) {
    List<Instruction> instructions =
        parse("FROM a\n" + instruction + "\n").stages().get(0).instructions();
    assertThat(instructions).hasSize(1);
    return (T) instructions.get(0);
  }

  static void assertRejected(String text, int line, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((DockerfileSyntaxException) e).line()).isEqualTo(line));
  }

  @Test
  void argsBeforeTheFirstFromAreMetaArgsAndStagesSplitAtEachFrom() {
    Dockerfile d =
        parse(
            "ARG VERSION=3.19 BASE\n"
                + "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
                + "ARG VERSION\n"
                + "RUN go build\n"
                + "FROM alpine:${VERSION}\n"
                + "COPY --from=build /out /bin/app\n");

    assertThat(d.fileName()).isEqualTo("Dockerfile");
    assertThat(d.metaArgs()).hasSize(1);
    assertThat(d.metaArgs().get(0).args())
        .containsExactly(
            new ArgDefinition("VERSION", Optional.of("3.19")),
            new ArgDefinition("BASE", Optional.empty()));
    assertThat(d.stages()).hasSize(2);
    Stage build = d.stages().get(0);
    assertThat(build.index()).isZero();
    assertThat(build.name()).contains("build");
    assertThat(build.from().image()).isEqualTo("golang:1.22");
    assertThat(build.from().platform()).contains("$BUILDPLATFORM");
    assertThat(build.instructions())
        .hasExactlyElementsOfTypes(ArgInstruction.class, RunInstruction.class);
    Stage run = d.stages().get(1);
    assertThat(run.index()).isEqualTo(1);
    assertThat(run.name()).isEmpty();
    assertThat(run.from().image()).isEqualTo("alpine:${VERSION}");
    assertThat(run.instructions()).hasSize(1);
    assertThat(run.instructions().get(0).line()).isEqualTo(6);
  }

  @Test
  void instructionBeforeTheFirstFromIsAnError() {
    assertRejected(
        "ARG A\nRUN echo\nFROM a\n",
        2,
        "Dockerfile:2: no build stage in current context: RUN must come after a FROM (only ARG"
            + " may come before the first FROM)");
  }

  @Test
  void onlyArgsIsNoBuildStage() {
    assertThatThrownBy(() -> parse("ARG A\n"))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage("Dockerfile: no build stage: the Dockerfile has no FROM instruction");
  }

  @Test
  void fromArgumentsAndStageNamesAreChecked() {
    assertRejected("FROM\n", 1, "Dockerfile:1: FROM requires either one or three arguments");
    assertRejected("FROM a AS\n", 1, "Dockerfile:1: FROM requires either one or three arguments");
    assertRejected("FROM a b c\n", 1, "Dockerfile:1: FROM requires either one or three arguments");
    assertRejected(
        "FROM a AS 1st\n",
        1,
        "Dockerfile:1: invalid name for build stage: \"1st\", name can't start with a number or"
            + " contain symbols");
    assertRejected("FROM a AS x\nFROM b as X\n", 2, "Dockerfile:2: duplicate stage name \"x\"");
    assertRejected(
        "FROM --plaform=x a\n",
        1,
        "Dockerfile:1: unknown flag: --plaform (did you mean --platform?)");
    assertThat(parse("FROM a as my-stage_1.x\n").stages().get(0).name()).contains("my-stage_1.x");
  }

  @Test
  void runKeepsShellOrExecFormAndItsFlags() {
    RunInstruction shell =
        only(
            "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm --network=none"
                + " --security=insecure pip install -r $REQS");
    assertThat(shell.command()).isEqualTo(new CommandLine(List.of("pip install -r $REQS"), true));
    assertThat(shell.mounts())
        .extracting(RunMount::spec)
        .containsExactly("type=cache,target=/root/.cache", "type=secret,id=npm");
    assertThat(shell.mounts()).extracting(RunMount::line).containsExactly(2, 2);
    assertThat(shell.network()).isEqualTo(NetworkMode.NONE);
    assertThat(shell.security()).isEqualTo(SecurityMode.INSECURE);

    RunInstruction exec = only("RUN [\"echo\", \"a b\"]");
    assertThat(exec.command()).isEqualTo(new CommandLine(List.of("echo", "a b"), false));
    assertThat(exec.network()).isEqualTo(NetworkMode.DEFAULT);
    assertThat(exec.security()).isEqualTo(SecurityMode.SANDBOX);
    assertThat(exec.mounts()).isEmpty();
  }

  @Test
  void runHeredocIsKeptWithTheCommand() {
    RunInstruction run = only("RUN <<EOF\nset -e\necho hi\nEOF");

    assertThat(run.command()).isEqualTo(new CommandLine(List.of("<<EOF"), true));
    assertThat(run.heredocs()).extracting(Heredoc::content).containsExactly("set -e\necho hi\n");
  }

  @Test
  void runFlagsAndArgumentsAreChecked() {
    assertRejected("FROM a\nRUN\n", 2, "Dockerfile:2: RUN requires at least one argument");
    assertRejected("FROM a\nRUN []\n", 2, "Dockerfile:2: RUN requires at least one argument");
    assertRejected(
        "FROM a\nRUN --network=bridge x\n",
        2,
        "Dockerfile:2: invalid network mode \"bridge\" (one of default, none, host)");
    assertRejected(
        "FROM a\nRUN --network=hots x\n",
        2,
        "Dockerfile:2: invalid network mode \"hots\" (one of default, none, host) (did you mean"
            + " host?)");
    assertRejected(
        "FROM a\nRUN --security=root x\n",
        2,
        "Dockerfile:2: invalid security mode \"root\" (one of sandbox, insecure)");
    assertRejected(
        "FROM a\nRUN --mount type=cache x\n",
        2,
        "Dockerfile:2: missing a value on flag: --mount (write --mount=...)");
    assertRejected(
        "FROM a\nRUN --network=none --network=host x\n",
        2,
        "Dockerfile:2: duplicate flag specified: --network");
    assertRejected("FROM a\n\nRUN --foo x\n", 3, "Dockerfile:3: unknown flag: --foo");
    assertRejected(
        "FROM a\nRUN --mount=type=cahce,target=/x x\n",
        2,
        "Dockerfile:2: unsupported mount type \"cahce\" (did you mean cache?)");
  }

  @Test
  void cmdAndEntrypointKeepTheirForm() {
    assertThat(((CmdInstruction) only("CMD [\"a\", \"b\"]")).command())
        .isEqualTo(new CommandLine(List.of("a", "b"), false));
    assertThat(((CmdInstruction) only("CMD echo $HOME")).command())
        .isEqualTo(new CommandLine(List.of("echo $HOME"), true));
    assertThat(((CmdInstruction) only("CMD []")).command().isEmpty()).isTrue();
    assertThat(((EntrypointInstruction) only("ENTRYPOINT [\"/bin/app\"]")).command())
        .isEqualTo(new CommandLine(List.of("/bin/app"), false));
    assertThat(((EntrypointInstruction) only("ENTRYPOINT exec app")).command().shellForm())
        .isTrue();
    assertRejected("FROM a\nCMD --doit [\"a\"]\n", 2, "Dockerfile:2: unknown flag: --doit");
  }

  @Test
  void shellMustBeJson() {
    assertThat(((ShellInstruction) only("SHELL [\"/bin/bash\", \"-c\"]")).shell())
        .containsExactly("/bin/bash", "-c");
    assertRejected(
        "FROM a\nSHELL /bin/bash -c\n",
        2,
        "Dockerfile:2: SHELL requires the arguments to be in JSON form");
    assertRejected("FROM a\nSHELL []\n", 2, "Dockerfile:2: SHELL requires at least one argument");
  }

  @Test
  void envAndLabelKeepRawPairs() {
    EnvInstruction env = only("ENV A=1 B=\"two words\" C=${A:-x}");
    assertThat(env.variables())
        .containsExactly(
            new KeyValue("A", "1", false),
            new KeyValue("B", "\"two words\"", false),
            new KeyValue("C", "${A:-x}", false));

    EnvInstruction legacy = only("ENV PATH /usr/local/bin:$PATH");
    assertThat(legacy.variables())
        .containsExactly(new KeyValue("PATH", "/usr/local/bin:$PATH", true));

    LabelInstruction label = only("LABEL org.opencontainers.image.title=\"My app\" version=1");
    assertThat(label.labels())
        .extracting(KeyValue::key, KeyValue::value)
        .containsExactly(
            tuple("org.opencontainers.image.title", "\"My app\""), tuple("version", "1"));
  }

  @Test
  void argDeclaresSeveralWithAndWithoutDefaults() {
    ArgInstruction arg = only("ARG A B= C=\"x y\"");

    assertThat(arg.args())
        .containsExactly(
            new ArgDefinition("A", Optional.empty()),
            new ArgDefinition("B", Optional.of("")),
            new ArgDefinition("C", Optional.of("\"x y\"")));
  }

  @Test
  void exposeVolumeUserWorkdirStopsignalMaintainer() {
    assertThat(((ExposeInstruction) only("EXPOSE 80/tcp 443 ${PORT}")).ports())
        .containsExactly("80/tcp", "443", "${PORT}");
    assertThat(((VolumeInstruction) only("VOLUME [\"/data\", \" /logs \"]")).volumes())
        .containsExactly("/data", "/logs");
    assertThat(((VolumeInstruction) only("VOLUME /a /b")).volumes()).containsExactly("/a", "/b");
    assertThat(((UserInstruction) only("USER app:app")).user()).isEqualTo("app:app");
    assertThat(((WorkdirInstruction) only("WORKDIR /srv/my app")).path()).isEqualTo("/srv/my app");
    assertThat(((StopsignalInstruction) only("STOPSIGNAL SIGQUIT")).signal()).isEqualTo("SIGQUIT");
    assertThat(((MaintainerInstruction) only("MAINTAINER Jane <j@x.org>")).maintainer())
        .isEqualTo("Jane <j@x.org>");
  }

  @Test
  void argumentCountsAreChecked() {
    assertRejected("FROM a\nEXPOSE\n", 2, "Dockerfile:2: EXPOSE requires at least one argument");
    assertRejected("FROM a\nVOLUME []\n", 2, "Dockerfile:2: VOLUME requires at least one argument");
    assertRejected(
        "FROM a\nVOLUME [\"/a\", \" \"]\n",
        2,
        "Dockerfile:2: VOLUME specified can not be an empty string");
    assertRejected("FROM a\nUSER\n", 2, "Dockerfile:2: USER requires exactly one argument");
    assertRejected("FROM a\nWORKDIR\n", 2, "Dockerfile:2: WORKDIR requires exactly one argument");
    assertRejected(
        "FROM a\nSTOPSIGNAL\n", 2, "Dockerfile:2: STOPSIGNAL requires exactly one argument");
    assertRejected(
        "FROM a\nMAINTAINER\n", 2, "Dockerfile:2: MAINTAINER requires exactly one argument");
    assertRejected("FROM a\nUSER --x=1 me\n", 2, "Dockerfile:2: unknown flag: --x");
  }

  @Test
  void copyTakesAllItsFlags() {
    CopyInstruction copy =
        only(
            "COPY --from=build --chown=app:app --chmod=0755 --link --parents --exclude=*.md"
                + " --exclude=.git a b/ /dest/");

    assertThat(copy.sources()).containsExactly("a", "b/");
    assertThat(copy.heredocSources()).isEmpty();
    assertThat(copy.destination()).isEqualTo("/dest/");
    assertThat(copy.from()).contains("build");
    assertThat(copy.chown()).contains("app:app");
    assertThat(copy.chmod()).contains("0755");
    assertThat(copy.link()).isTrue();
    assertThat(copy.parents()).isTrue();
    assertThat(copy.excludes()).containsExactly("*.md", ".git");

    CopyInstruction plain = only("COPY [\"a b\", \"/c d/\"]");
    assertThat(plain.sources()).containsExactly("a b");
    assertThat(plain.destination()).isEqualTo("/c d/");
    assertThat(plain.from()).isEmpty();
    assertThat(plain.link()).isFalse();
    assertThat(plain.parents()).isFalse();
    assertThat(((CopyInstruction) only("COPY --link=false a /b")).link()).isFalse();
  }

  @Test
  void copyHeredocSourcesBecomeFilesNamedAfterTheHeredoc() {
    CopyInstruction copy =
        only("COPY <<index.html local.txt <<-'EOF' /srv/\n<h1>hi</h1>\nindex.html\n\t$X\n\tEOF");

    assertThat(copy.sources()).containsExactly("local.txt");
    assertThat(copy.heredocSources())
        .extracting(Heredoc::name, Heredoc::content, Heredoc::expand)
        .containsExactly(tuple("index.html", "<h1>hi</h1>\n", true), tuple("EOF", "$X\n", false));
  }

  @Test
  void copyAndAddArgumentsAndFlagsAreChecked() {
    assertRejected(
        "FROM a\nCOPY onlyone\n",
        2,
        "Dockerfile:2: COPY requires at least two arguments, but only one was provided."
            + " Destination could not be determined");
    assertRejected(
        "FROM a\nCOPY a <<EOF\nx\nEOF\n",
        2,
        "Dockerfile:2: COPY cannot accept a heredoc as a destination");
    assertRejected(
        "FROM a\nCOPY --link=maybe a /b\n",
        2,
        "Dockerfile:2: expecting boolean value for flag --link, not: maybe");
    assertRejected(
        "FROM a\nCOPY --link= a /b\n", 2, "Dockerfile:2: missing a value on flag: --link");
    assertRejected(
        "FROM a\nCOPY --chown a /b\n",
        2,
        "Dockerfile:2: missing a value on flag: --chown (write --chown=...)");
    assertRejected(
        "FROM a\nCOPY --form=x a /b\n",
        2,
        "Dockerfile:2: unknown flag: --form (did you mean --from?)");
    assertRejected("FROM a\nADD --from=x a /b\n", 2, "Dockerfile:2: unknown flag: --from");
    assertRejected("FROM a\nADD --parents a /b\n", 2, "Dockerfile:2: unknown flag: --parents");
    assertRejected(
        "FROM a\nADD --chown=1 --chown=2 a /b\n",
        2,
        "Dockerfile:2: duplicate flag specified: --chown");
  }

  @Test
  void addTakesChecksumKeepGitDirAndUnpack() {
    AddInstruction add =
        only(
            "ADD --checksum=sha256:abc --keep-git-dir --unpack=false --chown=1:2 --chmod=600"
                + " --link --exclude=x https://example.com/a.tar.gz git@github.com:o/r.git /opt/");

    assertThat(add.sources())
        .containsExactly("https://example.com/a.tar.gz", "git@github.com:o/r.git");
    assertThat(add.destination()).isEqualTo("/opt/");
    assertThat(add.checksum()).contains("sha256:abc");
    assertThat(add.keepGitDir()).isTrue();
    assertThat(add.unpack()).contains(false);
    assertThat(add.chown()).contains("1:2");
    assertThat(add.chmod()).contains("600");
    assertThat(add.link()).isTrue();
    assertThat(add.excludes()).containsExactly("x");

    AddInstruction plain = only("ADD a /b");
    assertThat(plain.unpack()).isEmpty();
    assertThat(plain.keepGitDir()).isFalse();
    assertThat(plain.checksum()).isEmpty();
  }

  @Test
  void onbuildParsesItsTriggerAndRejectsTheForbiddenOnes() {
    OnbuildInstruction onbuild = only("ONBUILD  COPY --chown=app . /src");
    assertThat(onbuild.trigger()).isInstanceOf(CopyInstruction.class);
    assertThat(((CopyInstruction) onbuild.trigger()).chown()).contains("app");
    assertThat(onbuild.expression()).isEqualTo("COPY --chown=app . /src");

    OnbuildInstruction heredoc = only("onbuild RUN <<EOF\necho hi\nEOF");
    assertThat(heredoc.expression()).isEqualTo("RUN <<EOF\necho hi\nEOF");

    assertRejected(
        "FROM a\nONBUILD ONBUILD RUN x\n",
        2,
        "Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    assertRejected(
        "FROM a\nONBUILD FROM b\n", 2, "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger");
    assertRejected(
        "FROM a\nONBUILD maintainer me\n",
        2,
        "Dockerfile:2: MAINTAINER isn't allowed as an ONBUILD trigger");
    assertRejected("FROM a\nONBUILD\n", 2, "Dockerfile:2: ONBUILD requires at least one argument");
    assertRejected("FROM a\nONBUILD COPY --nope . /\n", 2, "Dockerfile:2: unknown flag: --nope");
  }

  @Test
  void healthcheckReadsDurationsRetriesAndTheTest() {
    HealthcheckInstruction shell =
        only(
            "HEALTHCHECK --interval=1m30s --timeout=3s --start-period=0s --start-interval=500ms"
                + " --retries=0 CMD curl -f http://localhost/ || exit 1");
    assertThat(shell.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
    assertThat(shell.interval()).contains(Duration.ofSeconds(90));
    assertThat(shell.timeout()).contains(Duration.ofSeconds(3));
    assertThat(shell.startPeriod()).contains(Duration.ZERO);
    assertThat(shell.startInterval()).contains(Duration.ofMillis(500));
    assertThat(shell.retries()).contains(0);
    assertThat(shell.disabled()).isFalse();

    HealthcheckInstruction exec = only("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]");
    assertThat(exec.test()).containsExactly("CMD", "/bin/check", "-q");
    assertThat(exec.interval()).isEmpty();
    assertThat(exec.retries()).isEmpty();

    HealthcheckInstruction none = only("HEALTHCHECK none");
    assertThat(none.test()).containsExactly("NONE");
    assertThat(none.disabled()).isTrue();
  }

  @Test
  void healthcheckErrorsAreDockers() {
    assertRejected(
        "FROM a\nHEALTHCHECK\n", 2, "Dockerfile:2: HEALTHCHECK requires at least one argument");
    assertRejected(
        "FROM a\nHEALTHCHECK NONE x\n", 2, "Dockerfile:2: HEALTHCHECK NONE takes no arguments");
    assertRejected(
        "FROM a\nHEALTHCHECK CONNECT TCP 7000\n",
        2,
        "Dockerfile:2: Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
    assertRejected(
        "FROM a\nHEALTHCHECK CMD\n", 2, "Dockerfile:2: Missing command after HEALTHCHECK CMD");
    assertRejected(
        "FROM a\nHEALTHCHECK --interval=30 CMD x\n",
        2,
        "Dockerfile:2: --interval: missing unit in duration \"30\" (write e.g. 30s or 1m30s)");
    assertRejected(
        "FROM a\nHEALTHCHECK --timeout=5y CMD x\n",
        2,
        "Dockerfile:2: --timeout: unknown unit \"y\" in duration \"5y\" (write e.g. 30s or 1m30s)");
    assertRejected(
        "FROM a\nHEALTHCHECK --interval=100us CMD x\n",
        2,
        "Dockerfile:2: --interval cannot be less than 1ms (0 means the default): 100us");
    assertRejected(
        "FROM a\nHEALTHCHECK --start-period=-1s CMD x\n",
        2,
        "Dockerfile:2: --start-period cannot be less than 1ms (0 means the default): -1s");
    assertRejected(
        "FROM a\nHEALTHCHECK --retries=-1 CMD x\n",
        2,
        "Dockerfile:2: --retries cannot be negative (-1)");
    assertRejected(
        "FROM a\nHEALTHCHECK --retries=three CMD x\n",
        2,
        "Dockerfile:2: --retries: invalid number \"three\"");
    assertRejected(
        "FROM a\nHEALTHCHECK --intervals=5s CMD x\n",
        2,
        "Dockerfile:2: unknown flag: --intervals (did you mean --interval?)");
  }

  @Test
  void everyInstructionKeepsItsNode() {
    Dockerfile d = parse("FROM a\nRUN x \\\n  y\nCMD z\n");
    Instruction run = d.stages().get(0).instructions().get(0);
    Node node = run.node();

    assertThat(node.keyword()).isEqualTo("run");
    assertThat(node.startLine()).isEqualTo(2);
    assertThat(node.endLine()).isEqualTo(3);
    assertThat(node.original()).isEqualTo("RUN x   y");
    assertThat(d.stages().get(0).from().node().startLine()).isEqualTo(1);
  }

  @Test
  void parseInstructionReadsOneNodeSuchAsABaseImagesTrigger() {
    Node node = DockerfileParser.parse("RUN echo from base", "onbuild").nodes().get(0);

    Instruction trigger = InstructionParser.parseInstruction(node, "base image ONBUILD");

    assertThat(trigger).isInstanceOf(RunInstruction.class);
    assertThatThrownBy(
            () ->
                InstructionParser.parseInstruction(
                    DockerfileParser.parse("COPY x", "onbuild").nodes().get(0),
                    "base image ONBUILD"))
        .hasMessage(
            "base image ONBUILD:1: COPY requires at least two arguments, but only one was"
                + " provided. Destination could not be determined");
  }

  @Test
  void warningsAndDirectivesReachTheModel() {
    Dockerfile d = parse("# escape=`\nFROM a\nRUN a `\n\n  b\n");

    assertThat(d.directives().escape()).isEqualTo('`');
    assertThat(d.warnings()).hasSize(1);
  }
}
