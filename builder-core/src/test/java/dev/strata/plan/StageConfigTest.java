package dev.strata.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.image.ContainerConfig;
import dev.strata.image.ImageConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageConfigTest {
  private static StageConfig run(ContainerConfig base, String dockerfile) {
    BaseImages bases = (ref, p) -> Optional.of(ImageConfig.empty(p).withConfig(base));
    BuildPlan plan = PlannerTest.plan(dockerfile, PlanOptions.defaults(), bases);
    StageConfig config = new StageConfig(base, Optional.of("base author"));
    plan.targetStage().steps().forEach(config::apply);
    return config;
  }

  private static ContainerConfig config(ContainerConfig base, String dockerfile) {
    return run(base, dockerfile).config();
  }

  @Test
  void metadataInstructionsSetTheirFields() {
    ContainerConfig c =
        config(
            ContainerConfig.EMPTY,
            "FROM base\nENV A=1 B=2\nENV A=3\nLABEL l=v\nEXPOSE 80 53/udp\nVOLUME /data /cache\n"
                + "USER app:app\nWORKDIR /srv\nSTOPSIGNAL SIGINT\nSHELL [\"/bin/bash\", \"-c\"]\n"
                + "ONBUILD RUN make\n");
    // A base without PATH gets BuildKit's default one first.
    assertThat(c.env()).containsExactly(Planner.DEFAULT_PATH, "A=3", "B=2");
    assertThat(c.labels()).isEqualTo(Map.of("l", "v"));
    assertThat(c.exposedPorts()).containsExactlyInAnyOrder("80/tcp", "53/udp");
    assertThat(c.volumes()).containsExactlyInAnyOrder("/data", "/cache");
    assertThat(c.user()).isEqualTo("app:app");
    assertThat(c.workingDir()).isEqualTo("/srv");
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.shell()).containsExactly("/bin/bash", "-c");
    assertThat(c.onBuild()).containsExactly("RUN make");
  }

  @Test
  void aBaseWithItsOwnPathKeepsIt() {
    ContainerConfig base = ContainerConfig.builder().env("PATH", "/opt/bin").build();
    assertThat(config(base, "FROM base\n").env()).containsExactly("PATH=/opt/bin");
  }

  @Test
  void shellFormCommandsGoThroughTheShellInForce() {
    ContainerConfig c =
        config(ContainerConfig.EMPTY, "FROM base\nSHELL [\"/bin/ash\", \"-eo\"]\nCMD echo hi\n");
    assertThat(c.cmd()).containsExactly("/bin/ash", "-eo", "echo hi");
  }

  @Test
  void entrypointClearsAnInheritedCmd() {
    ContainerConfig base = ContainerConfig.builder().cmd(List.of("sh")).build();
    ContainerConfig c = config(base, "FROM base\nENTRYPOINT [\"/app\"]\n");
    assertThat(c.entrypoint()).containsExactly("/app");
    assertThat(c.cmd()).isEmpty();
  }

  @Test
  void entrypointKeepsACmdSetEarlierInTheStage() {
    ContainerConfig base = ContainerConfig.builder().cmd(List.of("sh")).build();
    ContainerConfig c = config(base, "FROM base\nCMD [\"--help\"]\nENTRYPOINT [\"/app\"]\n");
    assertThat(c.cmd()).containsExactly("--help");
  }

  @Test
  void baseOnbuildTriggersAreConsumedNotInherited() {
    ContainerConfig base = ContainerConfig.builder().onBuild("LABEL from=trigger").build();
    ContainerConfig c = config(base, "FROM base\n");
    assertThat(c.onBuild()).isEmpty();
    assertThat(c.labels()).containsEntry("from", "trigger");
  }

  @Test
  void healthcheckReplacesTheBasesAndNoneDisablesIt() {
    ContainerConfig c =
        config(
            ContainerConfig.EMPTY,
            "FROM base\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/\n");
    assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
    assertThat(c.healthcheck().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.healthcheck().retries()).isEqualTo(3);
    assertThat(config(c, "FROM base\nHEALTHCHECK NONE\n").healthcheck().disabled()).isTrue();
  }

  @Test
  void maintainerSetsTheAuthor() {
    assertThat(run(ContainerConfig.EMPTY, "FROM base\n").author()).contains("base author");
    assertThat(run(ContainerConfig.EMPTY, "FROM base\nMAINTAINER me@example.com\n").author())
        .contains("me@example.com");
  }

  @Test
  void onlyFileChangingStepsAreLayers() {
    BuildPlan plan =
        PlannerTest.plan(
            "FROM scratch\nRUN true\nCOPY a b\nADD c d\nWORKDIR /w\nENV A=1\nCMD x\nARG Z\n");
    assertThat(plan.targetStage().steps())
        .extracting(StageConfig::metadataOnly)
        .containsExactly(false, false, false, false, true, true, true);
  }

  @Test
  void runHistoryShowsTheShellAndTheBuildArgsInScope() {
    BuildPlan plan =
        PlannerTest.plan("FROM scratch\nARG V=1\nRUN make all\nRUN [\"/bin/true\", \"x\"]\n");
    List<Step> steps = plan.targetStage().steps();
    assertThat(StepHistory.createdBy(steps.get(1))).isEqualTo("RUN |1 V=1 /bin/sh -c make all");
    assertThat(StepHistory.createdBy(steps.get(2))).isEqualTo("RUN |1 V=1 /bin/true x");
    assertThat(StepHistory.createdBy(steps.get(0))).isEqualTo("ARG V=1");
  }
}
