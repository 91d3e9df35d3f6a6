package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.CheckReport;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRecordsTest {
  @TempDir Path root;
  Store store;
  BuildRecords builds;

  @BeforeEach
  void open() {
    store = Store.open(root);
    builds = CacheIndex.open(store).builds();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  static BuildRecord record(String dockerfile, String stage, List<StepInputs> steps) {
    List<RecordedStep> out = new ArrayList<>();
    Optional<CacheKey> parent = Optional.empty();
    for (int i = 0; i < steps.size(); i++) {
      RecordedStep s = RecordedStep.of(i, parent, steps.get(i));
      out.add(s);
      parent = Optional.of(s.key());
    }
    return BuildRecord.of(dockerfile, stage, Instant.parse("2024-01-01T00:00:00.5Z"), out);
  }

  static BuildRecord golden(String dockerfile, String stage) {
    return record(
        dockerfile,
        stage,
        List.of(GoldenBuild.from(), GoldenBuild.run(), GoldenBuild.copy(), GoldenBuild.env()));
  }

  @Test
  void aSavedRecordReadsBackEqual() throws IOException {
    BuildRecord r = golden("/src/Dockerfile", "build");
    builds.save(r);
    assertThat(builds.latest("/src/Dockerfile", "build")).contains(r);
  }

  @Test
  void dockerfilesAndStagesAreKeptApart() throws IOException {
    BuildRecord a = golden("/src/Dockerfile", "build");
    BuildRecord b = record("/src/Dockerfile", "0", List.of(GoldenBuild.from()));
    BuildRecord c =
        record("/other/Dockerfile", "build", List.of(GoldenBuild.from(), GoldenBuild.env()));
    builds.save(a);
    builds.save(b);
    builds.save(c);
    assertThat(builds.latest("/src/Dockerfile", "build")).contains(a);
    assertThat(builds.latest("/src/Dockerfile", "0")).contains(b);
    assertThat(builds.latest("/other/Dockerfile", "build")).contains(c);
    assertThat(builds.latest("/other/Dockerfile", "0")).isEmpty();
  }

  @Test
  void theLatestSavedRecordWins() throws IOException {
    builds.save(golden("/d", "s"));
    BuildRecord later = record("/d", "s", List.of(GoldenBuild.from(), GoldenBuild.env()));
    builds.save(later);
    assertThat(builds.latest("/d", "s")).contains(later);
  }

  @Test
  void recordsHoldNoBuildArgOrEnvValue() throws IOException {
    StepInputs run =
        StepInputs.builder(StepKind.RUN)
            .instruction("RUN ./deploy")
            .buildArg("API_TOKEN", "tok-5ecret-value")
            .env("DB_PASSWORD", "pw-5ecret-value")
            .build();
    BuildRecord r = record("/d", "s", List.of(GoldenBuild.from(), run));
    builds.save(r);
    try (var files = Files.list(builds.directory())) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(2);
      for (Path f : all) {
        String text = Files.readString(f);
        assertThat(text).doesNotContain("5ecret");
        if (f.toString().endsWith(".json")) {
          assertThat(text).contains("API_TOKEN");
        }
      }
    }
    assertThat(builds.latest("/d", "s")).contains(r);
  }

  @Test
  void aDamagedRecordReadsAsNoneAndCheckDropsIt() throws IOException {
    builds.save(golden("/d", "s"));
    Path file = builds.path("/d", "s");
    Files.writeString(file, Files.readString(file).replace("RUN apk add curl", "RUN apk add wget"));
    assertThat(builds.latest("/d", "s")).isEmpty();
    CheckReport report = store.check(false);
    assertThat(report.findings())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("checksum mismatch"));
    store.check(true);
    assertThat(file).doesNotExist();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void aRecordFiledUnderAnotherPairIsIgnoredAndReported() throws IOException {
    builds.save(golden("/d", "s"));
    Files.copy(builds.path("/d", "s"), builds.path("/d", "t"));
    assertThat(builds.latest("/d", "t")).isEmpty();
    assertThat(store.check(false).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("holds the record of /d stage s"));
  }

  @Test
  void savingTheSameKeysAgainWritesNothing() throws IOException {
    BuildRecord first = golden("/d", "s");
    builds.save(first);
    byte[] before = Files.readAllBytes(builds.path("/d", "s"));
    BuildRecord again =
        new BuildRecord(
            first.dockerfile(), first.stage(), first.keyVersion(), Instant.now(), first.steps());
    builds.save(again);
    assertThat(Files.readAllBytes(builds.path("/d", "s"))).isEqualTo(before);
    assertThat(builds.latest("/d", "s")).contains(first);
  }

  @Test
  void aDamagedRecordIsRewrittenByTheNextSaveOfTheSameKeys() throws IOException {
    BuildRecord r = golden("/d", "s");
    builds.save(r);
    Files.writeString(builds.path("/d", "s"), "{");
    assertThat(builds.latest("/d", "s")).isEmpty();
    builds.save(r);
    assertThat(builds.latest("/d", "s")).contains(r);
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void aFingerprintWithoutItsRecordIsStray() throws IOException {
    builds.save(golden("/d", "s"));
    Files.delete(builds.path("/d", "s"));
    assertThat(store.check(false).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(CheckReport.Kind.STRAY_FILE));
    store.check(true);
    assertThat(store.check(false).clean()).isTrue();
    builds.save(golden("/d", "s"));
    assertThat(builds.latest("/d", "s")).isPresent();
  }
}
