package dev.strata.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.instructions.ArgInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.ExposeInstruction;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.dockerfile.instructions.LabelInstruction;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.image.ContainerConfig;
import dev.strata.image.ImageConfig;
import dev.strata.image.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Platform AMD64 = new Platform("linux", "amd64", null);
  private static final Platform ARM64 = new Platform("linux", "arm64", "v8");
  private static final PlanOptions OPTIONS =
      new PlanOptions(Map.of(), Optional.empty(), AMD64, ARM64);

  static BuildPlan plan(String text) {
    return plan(text, OPTIONS);
  }

  static BuildPlan plan(String text, PlanOptions options) {
    return plan(text, options, BaseImages.UNKNOWN);
  }

  static BuildPlan plan(String text, PlanOptions options, BaseImages bases) {
    return Planner.plan(
        InstructionParser.parse(DockerfileParser.parse(text, "Dockerfile")), options, bases);
  }

  private static Step only(BuildPlan plan, int step) {
    return plan.targetStage().steps().get(step - 1);
  }

  private static String label(BuildPlan plan, int step, String key) {
    LabelInstruction label = (LabelInstruction) only(plan, step).instruction();
    return label.labels().stream()
        .filter(kv -> kv.key().equals(key))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void globalArgsExpandInFromAndBuildArgsOverrideThem() {
    String text = "ARG V=3.18\nARG IMG=alpine:${V}\nFROM $IMG\n";
    assertThat(plan(text).targetStage().base()).isEqualTo(new Origin.Image("alpine:3.18"));
    assertThat(plan(text, OPTIONS.withBuildArgs(Map.of("V", "3.19"))).targetStage().base())
        .isEqualTo(new Origin.Image("alpine:3.19"));
  }

  @Test
  void globalArgIsInvisibleInAStageUntilRedeclaredWithoutValue() {
    BuildPlan without = plan("ARG V=1\nFROM scratch\nLABEL v=x$V\n");
    assertThat(label(without, 1, "v")).isEqualTo("x");
    assertThat(without.warnings())
        .containsExactly("Dockerfile:3: UndefinedVar: usage of undefined variable '$V'");

    BuildPlan with = plan("ARG V=1\nFROM scratch\nARG V\nLABEL v=x$V\n");
    assertThat(label(with, 2, "v")).isEqualTo("x1");
    assertThat(with.warnings()).isEmpty();
  }

  @Test
  void buildArgBeatsStageDefaultWhichBeatsGlobal() {
    String text = "ARG V=global\nFROM scratch\nARG V=stage\nLABEL v=$V\n";
    assertThat(label(plan(text), 2, "v")).isEqualTo("stage");
    assertThat(label(plan(text, OPTIONS.withBuildArgs(Map.of("V", "cli"))), 2, "v"))
        .isEqualTo("cli");
  }

  @Test
  void argWithoutValueIsDeclaredButUnset() {
    BuildPlan plan = plan("FROM scratch\nARG V\nLABEL v=${V:-unset}\nRUN true\n");
    assertThat(label(plan, 2, "v")).isEqualTo("unset");
    assertThat(only(plan, 3).scope().args()).doesNotContainKey("V");
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void envShadowsArgOfTheSameName() {
    BuildPlan plan = plan("FROM scratch\nARG A=1\nENV A=2\nLABEL a=$A\nRUN echo\n");
    assertThat(label(plan, 3, "a")).isEqualTo("2");
    assertThat(only(plan, 4).scope().runEnvironment()).contains("A=2").doesNotContain("A=1");
  }

  @Test
  void envPairsSeeTheValuesFromBeforeTheInstruction() {
    BuildPlan plan = plan("FROM scratch\nENV abc=hello\nENV abc=bye def=$abc\nLABEL d=$def\n");
    EnvInstruction env = (EnvInstruction) only(plan, 2).instruction();
    assertThat(env.variables().get(1).value()).isEqualTo("hello");
    assertThat(label(plan, 3, "d")).isEqualTo("hello");
  }

  @Test
  void runSeesDeclaredArgsInItsEnvironmentEvenWhenTheCommandDoesNotMentionThem() {
    BuildPlan plan = plan("FROM scratch\nARG SECRET_SAUCE=42\nRUN ./build.sh\n");
    Step run = only(plan, 2);
    assertThat(run.scope().args()).containsEntry("SECRET_SAUCE", "42");
    assertThat(run.scope().runEnvironment()).contains("SECRET_SAUCE=42");
    assertThat(((RunInstruction) run.instruction()).command().arguments())
        .containsExactly("./build.sh");
  }

  @Test
  void runShellTextIsNotExpanded() {
    BuildPlan plan = plan("FROM scratch\nARG A=1\nRUN echo $A ${A:-x}\n");
    assertThat(only(plan, 2).text()).isEqualTo("RUN echo $A ${A:-x}");
  }

  @Test
  void platformArgsAreAutomaticInFromAndNeedAnArgInsideAStage() {
    BuildPlan plan =
        plan(
            "FROM --platform=$BUILDPLATFORM scratch AS build\n"
                + "ARG TARGETARCH\nARG TARGETPLATFORM\nARG BUILDOS\n"
                + "LABEL t=$TARGETARCH p=$TARGETPLATFORM b=$BUILDOS v=$TARGETVARIANT\n");
    assertThat(plan.targetStage().platform()).isEqualTo(AMD64);
    assertThat(label(plan, 4, "t")).isEqualTo("arm64");
    // arm64/v8 normalizes to arm64, as containerd and BuildKit do.
    assertThat(label(plan, 4, "p")).isEqualTo("linux/arm64");
    assertThat(label(plan, 4, "b")).isEqualTo("linux");
    assertThat(label(plan, 4, "v")).isEmpty();
  }

  @Test
  void stagesDefaultToTheTargetPlatform() {
    assertThat(plan("FROM scratch\n").targetStage().platform()).isEqualTo(ARM64);
  }

  @Test
  void badPlatformIsAnErrorOnItsLine() {
    assertThatThrownBy(() -> plan("FROM scratch\nFROM --platform=linux scratch\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("Dockerfile:2: FROM --platform: invalid platform \"linux\"");
  }

  @Test
  void proxyArgsReachRunWithoutAnArgButStayOutOfArgs() {
    BuildPlan plan =
        plan(
            "FROM scratch\nRUN true\n",
            OPTIONS.withBuildArgs(Map.of("http_proxy", "http://proxy:3128")));
    Step run = only(plan, 1);
    assertThat(run.scope().args()).isEmpty();
    assertThat(run.scope().proxyArgs()).containsEntry("http_proxy", "http://proxy:3128");
    assertThat(run.scope().runEnvironment()).contains("http_proxy=http://proxy:3128");
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void declaredProxyArgIsAnOrdinaryArg() {
    BuildPlan plan =
        plan(
            "FROM scratch\nARG http_proxy\nRUN true\n",
            OPTIONS.withBuildArgs(Map.of("http_proxy", "http://p")));
    assertThat(only(plan, 2).scope().args()).containsEntry("http_proxy", "http://p");
    assertThat(only(plan, 2).scope().proxyArgs()).isEmpty();
  }

  @Test
  void unusedBuildArgsAreWarnedAbout() {
    BuildPlan plan =
        plan("FROM scratch\nARG USED\n", OPTIONS.withBuildArgs(Map.of("USED", "1", "NOPE", "2")));
    assertThat(plan.warnings())
        .containsExactly("Dockerfile: build args [NOPE] were not consumed by any ARG");
  }

  @Test
  void stageBuiltFromAStageInheritsEnvWorkdirUserButNotArgs() {
    BuildPlan plan =
        plan(
            "FROM scratch AS base\nARG A=1\nENV E=e\nWORKDIR /app\nUSER nobody\n"
                + "FROM base\nRUN true\n");
    Step run = only(plan, 1);
    assertThat(plan.targetStage().base()).isEqualTo(new Origin.Stage(0, "base"));
    assertThat(plan.targetStage().dependencies()).containsExactly(0);
    assertThat(run.scope().env()).contains("E=e");
    assertThat(run.scope().workdir()).isEqualTo("/app");
    assertThat(run.scope().user()).isEqualTo("nobody");
    assertThat(run.scope().args()).isEmpty();
  }

  @Test
  void scratchGetsTheDefaultPathAndShell() {
    StepScope scope = only(plan("FROM scratch\nRUN true\n"), 1).scope();
    assertThat(scope.env()).containsExactly(Planner.DEFAULT_PATH);
    assertThat(scope.shell()).containsExactly("/bin/sh", "-c");
    assertThat(scope.workdir()).isEqualTo("/");
  }

  @Test
  void baseImageConfigSeedsTheStage() {
    ContainerConfig config =
        ContainerConfig.builder()
            .env("PATH", "/opt/bin")
            .env("LANG", "C.UTF-8")
            .workingDir("/srv")
            .user("app")
            .shell(List.of("/bin/bash", "-c"))
            .build();
    BaseImages bases =
        (ref, platform) ->
            ref.equals("debian:bookworm")
                ? Optional.of(ImageConfig.empty(platform).withConfig(config))
                : Optional.empty();
    BuildPlan plan = plan("FROM debian:bookworm\nENV PATH=$PATH:/x\nRUN true\n", OPTIONS, bases);
    StepScope scope = only(plan, 2).scope();
    assertThat(scope.env()).containsExactly("PATH=/opt/bin:/x", "LANG=C.UTF-8");
    assertThat(scope.workdir()).isEqualTo("/srv");
    assertThat(scope.user()).isEqualTo("app");
    assertThat(scope.shell()).containsExactly("/bin/bash", "-c");
  }

  @Test
  void baseImageOnbuildTriggersRunFirst() {
    ContainerConfig config =
        ContainerConfig.builder().onBuild("ENV FROM_TRIGGER=yes").onBuild("COPY . /app").build();
    BaseImages bases =
        (ref, platform) -> Optional.of(ImageConfig.empty(platform).withConfig(config));
    BuildPlan plan = plan("FROM base:1\nRUN true\n", OPTIONS, bases);
    List<Step> steps = plan.targetStage().steps();
    assertThat(steps)
        .extracting(Step::text)
        .containsExactly("ENV FROM_TRIGGER=yes", "COPY . /app", "RUN true");
    assertThat(steps).extracting(Step::trigger).containsExactly(true, true, false);
    assertThat(steps.get(0).startLine()).isEqualTo(1);
  }

  @Test
  void onbuildOfAStageRunsInStagesBuiltFromIt() {
    BuildPlan plan = plan("FROM scratch AS base\nONBUILD ENV T=1\nFROM base\nLABEL t=$T\n");
    assertThat(plan.targetStage().steps())
        .extracting(Step::text)
        .containsExactly("ENV T=1", "LABEL t=1");
  }

  @Test
  void brokenBaseTriggerIsAnErrorOnTheFromLine() {
    ContainerConfig config = ContainerConfig.builder().onBuild("BOGUS thing").build();
    BaseImages bases =
        (ref, platform) -> Optional.of(ImageConfig.empty(platform).withConfig(config));
    assertThatThrownBy(() -> plan("\nFROM base:1\n", OPTIONS, bases))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("Dockerfile:2: base image ONBUILD ");
  }

  @Test
  void copyFromResolvesStageNamesIndexesAndImages() {
    BuildPlan plan =
        plan(
            "FROM scratch AS build\nFROM scratch AS other\n"
                + "FROM scratch\nCOPY --from=build /a /a\nCOPY --from=1 /b /b\n"
                + "COPY --from=busybox:1.36 /bin/sh /sh\n");
    assertThat(plan.targetStage().steps())
        .extracting(s -> s.origins().values().iterator().next())
        .containsExactly(
            new Origin.Stage(0, "build"),
            new Origin.Stage(1, "other"),
            new Origin.Image("busybox:1.36"));
    assertThat(plan.targetStage().dependencies()).containsExactly(0, 1);
    assertThat(plan.stages()).extracting(PlannedStage::index).containsExactly(0, 1, 2);
  }

  @Test
  void copyFromIsExpandedWithStageVariables() {
    BuildPlan plan =
        plan("FROM scratch AS build\nFROM scratch\nARG SRC=build\nCOPY --from=$SRC /a /a\n");
    assertThat(only(plan, 2).origins()).containsEntry("build", new Origin.Stage(0, "build"));
  }

  @Test
  void targetPrunesStagesItDoesNotNeed() {
    String text =
        "FROM scratch AS a\nLABEL x=${BROKEN\nFROM scratch AS b\nFROM b AS c\nFROM scratch AS d\n";
    BuildPlan plan = plan(text, OPTIONS.withTarget("C"));
    assertThat(plan.stages()).extracting(PlannedStage::index).containsExactly(1, 2);
    assertThat(plan.target()).isEqualTo(2);
    assertThatThrownBy(() -> plan(text, OPTIONS.withTarget("a")))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("Dockerfile:2: ");
  }

  @Test
  void unknownTargetNamesTheClosestStage() {
    assertThatThrownBy(
            () -> plan("FROM scratch AS build\nFROM scratch AS test\n", OPTIONS.withTarget("tset")))
        .isInstanceOf(StrataException.class)
        .hasMessage("target stage \"tset\" could not be found in Dockerfile (did you mean test?)");
  }

  @Test
  void cyclicCopyFromIsAnErrorNamingTheCycle() {
    assertThatThrownBy(
            () ->
                plan(
                    "FROM scratch AS a\nCOPY --from=b /x /x\n"
                        + "FROM scratch AS b\nCOPY --from=a /y /y\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage("Dockerfile:2: circular dependency between stages: b -> a -> b");
  }

  @Test
  void stageCopyingFromItselfIsACycle() {
    assertThatThrownBy(() -> plan("FROM scratch AS a\nCOPY --from=a /x /x\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage("Dockerfile:2: circular dependency between stages: a -> a");
  }

  @Test
  void undefinedStageIndexIsAnError() {
    assertThatThrownBy(() -> plan("FROM scratch\nFROM scratch\nCOPY --from=5 /x /x\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "Dockerfile:3: --from=5 names stage index 5, but Dockerfile has 2 stages (0 to 1)");
  }

  @Test
  void fromThatIsNeitherStageNorImageIsAnError() {
    assertThatThrownBy(() -> plan("FROM scratch AS build\nFROM scratch\nCOPY --from=Buld /x /x\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(
            "Dockerfile:3: --from=Buld is neither a stage of Dockerfile nor a valid image"
                + " reference");
  }

  @Test
  void laterStageNameInFromIsAnImageAsInDocker() {
    BuildPlan plan = plan("FROM later\nFROM scratch AS later\n", OPTIONS.withTarget("later"));
    assertThat(plan.stages()).hasSize(1);
    assertThat(
            plan(("FROM later\nFROM scratch AS later\n"), OPTIONS.withTarget("later"))
                .targetStage()
                .base())
        .isEqualTo(new Origin.Scratch());
    assertThat(
            plan("FROM later AS first\nFROM scratch AS later\n", OPTIONS.withTarget("first"))
                .targetStage()
                .base())
        .isEqualTo(new Origin.Image("later"));
  }

  @Test
  void fromExpandingToNothingOrToABadReferenceIsAnError() {
    assertThatThrownBy(() -> plan("ARG IMG\nFROM $IMG\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage("Dockerfile:2: FROM $IMG expands to an empty base image name");
    assertThatThrownBy(() -> plan("FROM Alpine\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage("Dockerfile:1: FROM Alpine: invalid image reference");
  }

  @Test
  void expansionErrorsCarryFileAndLine() {
    assertThatThrownBy(() -> plan("FROM scratch\n\nENV X=${A\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("Dockerfile:3: ");
    assertThatThrownBy(() -> plan("FROM scratch\nWORKDIR ${DIR:?DIR must be set}\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("Dockerfile:2: ")
        .hasMessageContaining("DIR must be set");
  }

  @Test
  void workdirIsResolvedAgainstThePreviousOne() {
    BuildPlan plan = plan("FROM scratch\nWORKDIR /a\nWORKDIR b\nWORKDIR ../c/./d/\nRUN true\n");
    assertThat(((WorkdirInstruction) only(plan, 3).instruction()).path()).isEqualTo("/a/c/d");
    assertThat(only(plan, 4).scope().workdir()).isEqualTo("/a/c/d");
  }

  @Test
  void copyHeredocBodiesAreExpandedUnlessTheDelimiterIsQuoted() {
    BuildPlan plan =
        plan(
            "FROM scratch\nARG A=1\nCOPY <<EOF /x\n$A \"q\" \\$A\nEOF\n"
                + "COPY <<'EOF' /y\n$A\nEOF\n");
    CopyInstruction expanded = (CopyInstruction) only(plan, 2).instruction();
    assertThat(expanded.heredocSources().get(0).content()).isEqualTo("1 \"q\" $A\n");
    CopyInstruction quoted = (CopyInstruction) only(plan, 3).instruction();
    assertThat(quoted.heredocSources().get(0).content()).isEqualTo("$A\n");
  }

  @Test
  void copyWordsAndFlagsAreExpanded() {
    BuildPlan plan =
        plan(
            "FROM scratch\nARG U=app D=/srv M=0644\n"
                + "COPY --chown=$U:$U --chmod=$M src/${U}.conf $D/\n");
    CopyInstruction copy = (CopyInstruction) only(plan, 2).instruction();
    assertThat(copy.chown()).contains("app:app");
    assertThat(copy.chmod()).contains("0644");
    assertThat(copy.sources()).containsExactly("src/app.conf");
    assertThat(copy.destination()).isEqualTo("/srv/");
    assertThat(only(plan, 2).text())
        .isEqualTo("COPY --chown=app:app --chmod=0644 src/app.conf /srv/");
  }

  @Test
  void exposeSplitsExpandedWords() {
    BuildPlan plan = plan("FROM scratch\nENV PORTS=\"80 443/tcp\"\nEXPOSE $PORTS 8080\n");
    assertThat(((ExposeInstruction) only(plan, 2).instruction()).ports())
        .containsExactly("80/tcp", "443/tcp", "8080/tcp");
  }

  @Test
  void exposeNormalizesProtocolsAndExpandsRanges() {
    BuildPlan plan = plan("FROM scratch\nEXPOSE 53/UDP 8000-8002 9/sctp\n");
    assertThat(((ExposeInstruction) only(plan, 1).instruction()).ports())
        .containsExactly("53/udp", "8000/tcp", "8001/tcp", "8002/tcp", "9/sctp");
  }

  @Test
  void exposeOfSomethingThatIsNotAPortIsAnError() {
    assertThatThrownBy(() -> plan("FROM scratch\nEXPOSE http\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "Dockerfile:2: EXPOSE: invalid port \"http\" (want PORT[-PORT][/tcp|udp|sctp])");
    assertThatThrownBy(() -> plan("FROM scratch\nEXPOSE 70000\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage("Dockerfile:2: EXPOSE: port out of range in \"70000\"");
  }

  @Test
  void runMountValuesAreExpandedAndStageSourcesBecomeDependencies() {
    BuildPlan plan =
        plan(
            "FROM scratch AS deps\nFROM scratch\nARG ID=gomod\n"
                + "RUN --mount=type=cache,id=$ID,target=/cache "
                + "--mount=type=bind,from=deps,target=/deps true\n");
    Step run = only(plan, 2);
    assertThat(run.mounts()).extracting(m -> m.id()).first().isEqualTo("gomod");
    assertThat(run.origins()).containsEntry("deps", new Origin.Stage(0, "deps"));
    assertThat(plan.targetStage().dependencies()).containsExactly(0);
  }

  @Test
  void argStepsRecordTheValuesTheyResolvedTo() {
    BuildPlan plan =
        plan("FROM scratch\nARG A B=2\n", OPTIONS.withBuildArgs(Map.of("A", "from-cli")));
    ArgInstruction arg = (ArgInstruction) only(plan, 1).instruction();
    assertThat(arg.args())
        .extracting(a -> a.defaultValue().orElse(null))
        .containsExactly("from-cli", "2");
  }

  @Test
  void stagesComeAfterTheStagesTheyDependOn() {
    BuildPlan plan =
        plan(
            "FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\n", OPTIONS.withTarget("a"));
    assertThat(plan.stages()).extracting(PlannedStage::index).containsExactly(1, 0);
  }

  @Test
  void stepsCarryTheirLineRanges() {
    BuildPlan plan = plan("FROM scratch\nRUN echo a \\\n  && echo b\nCOPY <<EOF /f\nx\nEOF\n");
    assertThat(only(plan, 1).startLine()).isEqualTo(2);
    assertThat(only(plan, 1).endLine()).isEqualTo(3);
    assertThat(only(plan, 2).startLine()).isEqualTo(4);
    assertThat(only(plan, 2).endLine()).isEqualTo(6);
  }

  @Test
  void labelKeysExpandToo() {
    BuildPlan plan = plan("FROM scratch\nARG K=version\nLABEL $K=1\n");
    assertThat(label(plan, 2, "version")).isEqualTo("1");
  }
}
