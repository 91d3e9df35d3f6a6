package dev.strata.api;

import static dev.strata.api.BuildFixture.cached;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every kind of instruction, changing that instruction's input misses exactly from that step
 * on: every step before it hits, it and every step after it run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheSoundnessIT {
  private static final List<String> STEPS =
      List.of(
          "ARG MODE=fast",
          "ENV APP=/app",
          "LABEL stage=one",
          "WORKDIR /work",
          "USER app",
          "USER root",
          "COPY data.txt /data.txt",
          "RUN cat /data.txt > /copied",
          "EXPOSE 8080",
          "VOLUME /cache",
          "STOPSIGNAL SIGTERM",
          "SHELL [\"/bin/sh\", \"-c\"]",
          "HEALTHCHECK CMD true",
          "ENTRYPOINT [\"/bin/sh\"]",
          "CMD [\"-c\", \"true\"]");

  /** One changed version of each step: the same kind of instruction with another input. */
  private static final List<String> CHANGED =
      List.of(
          "ARG MODE=slow",
          "ENV APP=/srv",
          "LABEL stage=two",
          "WORKDIR /elsewhere",
          "USER nobody",
          "USER 0:0",
          "COPY --chmod=0600 data.txt /data.txt",
          "RUN cat /data.txt > /copied-again",
          "EXPOSE 9090",
          "VOLUME /other",
          "STOPSIGNAL SIGINT",
          "SHELL [\"/bin/sh\", \"-ec\"]",
          "HEALTHCHECK CMD false",
          "ENTRYPOINT [\"/bin/ash\"]",
          "CMD [\"-c\", \"false\"]");

  @TempDir static Path dir;
  BuildFixture f;

  @BeforeAll
  void buildOnce() throws Exception {
    f = new BuildFixture(dir);
    assertThat(cached(f.build(context("base", STEPS, "data")))).containsOnly(false);
  }

  @AfterAll
  void tearDown() {
    f.assertCheckClean();
    f.close();
  }

  List<Integer> steps() {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < STEPS.size(); i++) {
      indexes.add(i);
    }
    return indexes;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void changingOneInstructionMissesFromItOn(int changed) throws Exception {
    List<String> steps = new ArrayList<>(STEPS);
    steps.set(changed, CHANGED.get(changed));
    BuildReport report = f.build(context("changed-" + changed, steps, "data"));
    List<Boolean> expected = new ArrayList<>(Collections.nCopies(changed, true));
    expected.addAll(Collections.nCopies(STEPS.size() - changed, false));
    assertThat(cached(report)).as(CHANGED.get(changed)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "file content")
  @MethodSource("none")
  void changingACopiedFileMissesFromTheCopyOn(String ignored) throws Exception {
    BuildReport report = f.build(context("content", STEPS, "other data"));
    int copy = STEPS.indexOf("COPY data.txt /data.txt");
    List<Boolean> expected = new ArrayList<>(Collections.nCopies(copy, true));
    expected.addAll(Collections.nCopies(STEPS.size() - copy, false));
    assertThat(cached(report)).isEqualTo(expected);
  }

  List<String> none() {
    return List.of("");
  }

  private Path context(String name, List<String> steps, String data) throws IOException {
    Path ctx =
        f.context(
            name,
            "FROM strata/busybox\n" + String.join("\n", steps) + "\n",
            Map.of("data.txt", data));
    Files.writeString(ctx.resolve("data.txt"), data);
    return ctx;
  }
}
