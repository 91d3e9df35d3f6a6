package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MissExplainerTest {
  private static final CacheKey PARENT =
      CacheKey.root(StepInputs.builder("FROM").put("base", "sha256:aaa").build());

  private static StepInputs copy(String... files) {
    StepInputs.Builder b = StepInputs.builder("COPY").put("instruction", "COPY src/ /app/");
    for (int i = 0; i + 1 < files.length; i += 2) {
      b.put("file:" + files[i], files[i + 1]);
    }
    return b.build();
  }

  private static Optional<BuildRecord> previous(CacheKey parent, StepInputs inputs) {
    return Optional.of(
        new BuildRecord(
            "/ctx/Dockerfile",
            "0",
            List.of(
                new BuildRecord.RecordedStep(
                    1, "x", parent.toString(), CacheKey.of(parent, inputs).toString(), inputs))));
  }

  private static String explain(StepInputs now, Optional<BuildRecord> before) {
    return MissExplainer.explain(1, PARENT, now, before, Optional.empty());
  }

  @Test
  void namesEachFileAndWhatChangedAboutIt() {
    StepInputs before =
        copy("a.txt", "file 644 sha256:1 ", "b.txt", "file 644 sha256:2 ", "l", "symlink 777 x ");
    StepInputs now =
        copy("a.txt", "file 644 sha256:9 ", "c.txt", "file 644 sha256:3 ", "l", "symlink 777 y ");
    assertThat(explain(now, previous(PARENT, before)))
        .isEqualTo(
            "file a.txt content changed; file b.txt removed; file l link target changed;"
                + " file c.txt added");
  }

  @Test
  void modeAndOwnerChangesAreNamed() {
    StepInputs before = copy("a.txt", "file 644 sha256:1 0:0");
    StepInputs now = copy("a.txt", "file 755 sha256:1 1000:1000");
    assertThat(explain(now, previous(PARENT, before)))
        .isEqualTo("file a.txt mode and owner changed");
  }

  @Test
  void buildArgsAndEnvAreNamedButNotShown() {
    StepInputs before =
        StepInputs.builder("RUN")
            .put("instruction", "RUN make")
            .putDigest("env:TOKEN", "old")
            .build();
    StepInputs now =
        StepInputs.builder("RUN")
            .put("instruction", "RUN make")
            .putDigest("env:TOKEN", "new")
            .build();
    String reason = explain(now, previous(PARENT, before));
    assertThat(reason).isEqualTo("build arg or env TOKEN changed");
    assertThat(reason).doesNotContain("old").doesNotContain("new");
  }

  @Test
  void instructionTextChanges() {
    StepInputs before = StepInputs.builder("RUN").put("instruction", "RUN make").build();
    StepInputs now = StepInputs.builder("RUN").put("instruction", "RUN make all").build();
    assertThat(explain(now, previous(PARENT, before)))
        .isEqualTo("instruction text changed (was: RUN make)");
  }

  @Test
  void sameInputsOnAnotherParentBlameTheParent() {
    StepInputs same = StepInputs.builder("RUN").put("instruction", "RUN make").build();
    CacheKey otherParent =
        CacheKey.root(StepInputs.builder("FROM").put("base", "sha256:bbb").build());
    assertThat(
            MissExplainer.explain(
                1,
                PARENT,
                same,
                previous(otherParent, same),
                Optional.of("step 1 (X) missed first")))
        .isEqualTo("parent changed: step 1 (X) missed first");
  }

  @Test
  void noEarlierBuildAndNewStepsAreSaidSo() {
    StepInputs any = StepInputs.builder("RUN").put("instruction", "RUN x").build();
    assertThat(explain(any, Optional.empty()))
        .isEqualTo("no earlier build of this Dockerfile and stage");
    assertThat(MissExplainer.explain(2, PARENT, any, previous(PARENT, any), Optional.empty()))
        .isEqualTo("new step (the earlier build of this stage had 1)");
  }

  @Test
  void longListsAreCut() {
    StepInputs.Builder before = StepInputs.builder("COPY");
    StepInputs.Builder now = StepInputs.builder("COPY");
    for (int i = 0; i < 10; i++) {
      before.put("file:f" + i, "file 644 sha256:1 ");
      now.put("file:f" + i, "file 644 sha256:2 ");
    }
    assertThat(explain(now.build(), previous(PARENT, before.build()))).endsWith("; and 4 more");
  }
}
