package dev.strata.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cache.BuildRecord;
import dev.strata.cache.CacheEntry;
import dev.strata.cache.CacheImport;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CachedLayer;
import dev.strata.cache.RecordedStep;
import dev.strata.cache.StepInputs;
import dev.strata.cache.StepKind;
import dev.strata.context.BuildContext;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.MediaTypes;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which earlier layer a step that misses may take compressed segments from. */
class StepCacheTest {
  @TempDir Path dir;
  Store store;
  CacheIndex index;
  StepCache cache;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(dir.resolve("store"));
    index = CacheIndex.open(store);
    Path context = Files.createDirectories(dir.resolve("context"));
    FileSteps files =
        new FileSteps(
            "Dockerfile", BuildContext.open(context), store.cacheDir(), dir.resolve("downloads"));
    cache =
        new StepCache(
            index, new CacheImport(store, index, List.of(), w -> {}), files, "Dockerfile");
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private RecordedStep step(int index, String instruction) {
    return RecordedStep.of(
        index, Optional.empty(), StepInputs.builder(StepKind.RUN).instruction(instruction).build());
  }

  private CachedLayer layerOf(RecordedStep step) throws IOException {
    byte[] content = ("layer of " + step.key()).getBytes(StandardCharsets.UTF_8);
    Descriptor d = store.blobs().put(MediaTypes.OCI_LAYER, content);
    CachedLayer layer = CachedLayer.of(d, d.digest(), Optional.empty());
    index.record(
        new CacheEntry(
            step.key(),
            List.of(layer),
            ContainerConfig.EMPTY,
            new History(Instant.EPOCH, null, "RUN", null, false),
            Map.of(),
            Instant.EPOCH));
    return layer;
  }

  @Test
  void theLayerTheSameStepMadeInThePreviousBuildIsTheOneToTakeSegmentsFrom() throws IOException {
    RecordedStep first = step(1, "RUN one");
    RecordedStep second = step(2, "RUN two");
    CachedLayer layer = layerOf(second);
    layerOf(first);
    Optional<BuildRecord> previous =
        Optional.of(BuildRecord.of("Dockerfile", "0", Instant.EPOCH, List.of(first, second)));
    assertThat(cache.previousLayers(previous, 2)).containsExactly(layer);
    // A step the previous build did not have, or no previous build: nothing.
    assertThat(cache.previousLayers(previous, 3)).isEmpty();
    assertThat(cache.previousLayers(Optional.empty(), 2)).isEmpty();
  }

  @Test
  void aPreviousStepWhoseEntryIsGoneGivesNothing() throws IOException {
    RecordedStep unrecorded = step(1, "RUN gone");
    Optional<BuildRecord> previous =
        Optional.of(BuildRecord.of("Dockerfile", "0", Instant.EPOCH, List.of(unrecorded)));
    assertThat(cache.previousLayers(previous, 1)).isEmpty();
  }
}
