package dev.strata.api;

import static dev.strata.api.BuildFixture.cached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cache-to type=local} and {@code --cache-from type=local} between two stores, for real: a
 * second store builds from the exported cache without running the cached steps and gets the same
 * image; damaged exports are rejected by digest and the steps run instead.
 */
class CacheTransferIT {
  static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);
  static final String DOCKERFILE =
      "FROM strata/busybox AS deps\n"
          + "RUN echo deps > /deps && echo more > /more\n"
          + "FROM strata/busybox\n"
          + "COPY --from=deps /deps /deps\n"
          + "RUN cat /deps > /copy\n"
          + "COPY app.sh /app.sh\n"
          + "CMD [\"/app.sh\"]\n";

  @TempDir Path dir;
  BuildFixture first;
  BuildFixture second;
  Path cache;

  @BeforeEach
  void setUp() throws Exception {
    first = new BuildFixture(dir.resolve("first"));
    second = new BuildFixture(dir.resolve("second"));
    cache = dir.resolve("exported");
  }

  @AfterEach
  void tearDown() {
    for (BuildFixture f : new BuildFixture[] {first, second}) {
      if (f != null) {
        f.assertCheckClean();
        f.close();
      }
    }
  }

  private BuildRequest request(BuildFixture f, List<String> from, List<String> to)
      throws IOException {
    Path context = f.context("app", DOCKERFILE, Map.of("app.sh", "#!/bin/sh\necho hi\n"));
    return f.request(context, "app").withSourceDateEpoch(EPOCH).withCache(from, to);
  }

  @Test
  void modeMaxLetsAFreshStoreRunNothingAndGetTheSameImage() throws Exception {
    BuildReport exported =
        first.build(request(first, List.of(), List.of("type=local,dest=" + cache + ",mode=max")));
    assertThat(first.firstEvent(BuildEvent.CacheExported.class))
        .hasValueSatisfying(e -> assertThat(((BuildEvent.CacheExported) e).steps()).isEqualTo(5));

    BuildReport imported =
        second.build(request(second, List.of("type=local,src=" + cache), List.of()));
    assertThat(cached(imported)).containsOnly(true);
    assertThat(imported.imageId()).isEqualTo(exported.imageId());
    assertThat(second.firstEvent(BuildEvent.Warning.class)).isEmpty();
  }

  @Test
  void modeMinExportsOnlyTheFinalImagesStepsSoOtherStagesRunLocally() throws Exception {
    BuildReport exported =
        first.build(request(first, List.of(), List.of("type=local,dest=" + cache)));

    BuildReport imported =
        second.build(request(second, List.of("type=local,src=" + cache), List.of()));
    assertThat(imported.steps())
        .extracting(s -> s.stage() + ":" + s.cached())
        .containsExactlyInAnyOrder("deps:false", "1:true", "1:true", "1:true", "1:true");
    assertThat(imported.imageId()).isEqualTo(exported.imageId());
  }

  @Test
  void aStepMissingFromTheCacheRunsLocallyOnTopOfImportedLayers() throws Exception {
    first.build(request(first, List.of(), List.of("type=local,dest=" + cache + ",mode=max")));
    BuildRequest changed = request(second, List.of("type=local,src=" + cache), List.of());
    Files.writeString(changed.plan().context().resolve("app.sh"), "#!/bin/sh\necho changed\n");

    BuildReport report = second.build(changed);
    assertThat(cached(report)).containsExactly(true, true, true, false, false);
    // The runtime sees the imported layers under the new one.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (Containers containers = Containers.open(second.root)) {
      Containers.RunResult r =
          containers.run(
              RunRequest.of(report.imageId(), "cat", "/copy", "/app.sh").withRemove(true),
              out,
              System.err);
      assertThat(r.exitCode()).isZero();
    }
    assertThat(out.toString()).contains("deps", "echo changed");
  }

  @Test
  void aTamperedLayerIsRejectedByDigestAndTheStepRunsInstead() throws Exception {
    BuildReport exported =
        first.build(request(first, List.of(), List.of("type=local,dest=" + cache + ",mode=max")));
    String layer =
        exported.steps().stream()
            .filter(s -> s.instruction().startsWith("RUN cat"))
            .findFirst()
            .orElseThrow()
            .layerDigest()
            .substring("sha256:".length());
    Path blob = cache.resolve("blobs/sha256").resolve(layer);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(blob, bytes);

    BuildReport imported =
        second.build(request(second, List.of("type=local,src=" + cache), List.of()));
    assertThat(imported.steps())
        .extracting(s -> s.stage() + ":" + s.cached())
        .containsExactlyInAnyOrder("deps:true", "1:true", "1:false", "1:true", "1:true");
    assertThat(imported.steps())
        .filteredOn(s -> !s.cached())
        .extracting(BuildReport.Step::instruction)
        .containsExactly("RUN cat /deps > /copy");
    assertThat(second.events)
        .filteredOn(e -> e instanceof BuildEvent.Warning)
        .extracting(e -> ((BuildEvent.Warning) e).message())
        .singleElement()
        .asString()
        .contains("rejected", layer);
    // The step ran instead and, being reproducible, made the same image.
    assertThat(imported.imageId()).isEqualTo(exported.imageId());
  }

  @Test
  void aTamperedCacheListIsIgnoredAsAWhole() throws Exception {
    first.build(request(first, List.of(), List.of("type=local,dest=" + cache + ",mode=max")));
    try (Stream<Path> blobs = Files.list(cache.resolve("blobs/sha256"))) {
      for (Path p : blobs.toList()) {
        String text =
            new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.contains("strata.cache.artifact")) {
          Files.writeString(p, text.replace("deps", "DEPS"));
        }
      }
    }
    BuildReport imported =
        second.build(request(second, List.of("type=local,src=" + cache), List.of()));
    assertThat(cached(imported)).containsOnly(false);
    assertThat(second.firstEvent(BuildEvent.Warning.class))
        .hasValueSatisfying(
            w -> assertThat(((BuildEvent.Warning) w).message()).contains("ignored", "hashes to"));
  }

  @Test
  void exportingAgainReplacesTheListAndKeepsTheBlobs() throws Exception {
    first.build(request(first, List.of(), List.of("type=local,dest=" + cache)));
    long before;
    try (Stream<Path> s = Files.list(cache.resolve("blobs/sha256"))) {
      before = s.count();
    }
    first.build(request(first, List.of(), List.of("type=local,dest=" + cache + ",mode=max")));
    try (Stream<Path> s = Files.list(cache.resolve("blobs/sha256"))) {
      // The deps layer, a new list and a new manifest.
      assertThat(s.count()).isEqualTo(before + 3);
    }
    BuildReport imported =
        second.build(request(second, List.of("type=local,src=" + cache), List.of()));
    assertThat(cached(imported)).containsOnly(true);
  }

  @Test
  void badSpecsFailBeforeAnythingIsBuilt() throws Exception {
    Path context = first.context("bad", DOCKERFILE, Map.of("app.sh", "x"));
    assertThatThrownBy(
            () ->
                first.build(
                    first
                        .request(context)
                        .withCache(List.of(), List.of("type=local,dest=" + cache + ",mode=all"))))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("--cache-to")
        .hasMessageContaining("mode must be min or max");
    assertThat(first.events).isEmpty();
  }

  @Test
  void aRegistryHoldsTheCacheForAStoreOnAnotherMachine() throws Exception {
    try (dev.strata.registry.RegistryServer registry =
        dev.strata.registry.RegistryServer.start(
            dir.resolve("registry"), dev.strata.registry.RegistryServer.Variant.OPEN)) {
      String ref = registry.host() + "/cache/app:build";
      BuildReport exported =
          first.build(request(first, List.of(), List.of("type=registry,ref=" + ref + ",mode=max")));
      assertThat(first.firstEvent(BuildEvent.CacheExported.class)).isPresent();

      BuildReport imported = second.build(request(second, List.of(ref), List.of()));
      assertThat(cached(imported)).containsOnly(true);
      assertThat(imported.imageId()).isEqualTo(exported.imageId());
      assertThat(second.firstEvent(BuildEvent.Warning.class)).isEmpty();

      // Exporting again uploads no layer the repository already has.
      int puts = uploads(registry);
      assertThat(puts).as("blob uploads on the first export").isPositive();
      first.build(request(first, List.of(), List.of("type=registry,ref=" + ref + ",mode=max")));
      assertThat(uploads(registry) - puts).as("blob uploads on re-export").isZero();
    }
  }

  @Test
  void aMissingRegistryCacheIsAWarningAndEveryStepRuns() throws Exception {
    try (dev.strata.registry.RegistryServer registry =
        dev.strata.registry.RegistryServer.start(
            dir.resolve("registry"), dev.strata.registry.RegistryServer.Variant.OPEN)) {
      BuildReport report =
          second.build(
              request(
                  second, List.of("type=registry,ref=" + registry.host() + "/none:x"), List.of()));
      assertThat(cached(report)).containsOnly(false);
      assertThat(second.firstEvent(BuildEvent.Warning.class))
          .hasValueSatisfying(
              w -> assertThat(((BuildEvent.Warning) w).message()).contains("ignored", "not found"));
    }
  }

  private static int uploads(dev.strata.registry.RegistryServer registry) throws IOException {
    return (int)
        registry.log().stream()
            .filter(l -> l.contains("PUT") && l.contains("/blobs/uploads/"))
            .count();
  }
}
