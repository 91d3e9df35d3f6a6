package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.image.Descriptor;
import dev.strata.image.MediaTypes;
import dev.strata.store.Ingest;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheIndexTest {
  @TempDir Path dir;
  Store store;
  CacheIndex index;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("root"));
    index = CacheIndex.open(store);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private static CacheKey key(String text) {
    return CacheKey.root(StepInputs.builder("RUN").put("instruction", text).build());
  }

  private Descriptor blob(String content) throws IOException {
    byte[] bytes = content.getBytes();
    try (Ingest ingest = store.blobs().ingest()) {
      ingest.stream().write(bytes);
      Digest d = ingest.commit(bytes.length, null);
      return new Descriptor(MediaTypes.OCI_LAYER, d, bytes.length);
    }
  }

  @Test
  void recordedEntriesAreFoundAgainAcrossStoreInstances() throws IOException {
    Descriptor layer = blob("layer one");
    Instant created = Instant.parse("2026-01-02T03:04:05Z");
    index.record(key("a"), new CacheEntry(layer, Digest.sha256("diff"), created));
    index.record(key("b"), CacheEntry.withoutLayer(created));
    try (Store again = Store.open(dir.resolve("root"))) {
      CacheIndex other = CacheIndex.open(again);
      assertThat(other.lookup(key("a")))
          .contains(new CacheEntry(layer, Digest.sha256("diff"), created));
      assertThat(other.lookup(key("b"))).contains(CacheEntry.withoutLayer(created));
      assertThat(other.lookup(key("c"))).isEmpty();
      assertThat(other.keys()).containsExactlyInAnyOrder(key("a"), key("b"));
    }
  }

  @Test
  void anEntryWhoseLayerIsGoneIsAMissAndCheckRepairsIt() throws IOException {
    Descriptor layer = blob("soon gone");
    index.record(key("a"), new CacheEntry(layer, Digest.sha256("diff"), Instant.now()));
    Files.delete(store.blobs().path(layer.digest()));
    assertThat(index.lookup(key("a"))).isEmpty();
    assertThat(store.check(false).clean()).isFalse();
    store.check(true);
    assertThat(index.keys()).isEmpty();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void aDamagedEntryIsAMissNeverAWrongHit() throws IOException {
    index.record(key("a"), CacheEntry.withoutLayer(Instant.now()));
    Path file;
    try (var files = Files.walk(store.cacheDir().resolve("index"))) {
      file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.writeString(file, "{\"created\": \"not a time\"");
    assertThat(index.lookup(key("a"))).isEmpty();
    assertThat(store.check(false).clean()).isFalse();
  }

  @Test
  void entriesKeepTheirLayersFromGarbageCollection() throws IOException {
    Descriptor kept = blob("kept by the cache");
    Descriptor orphan = blob("nobody wants me");
    index.record(key("a"), new CacheEntry(kept, Digest.sha256("diff"), Instant.now()));
    store.collectGarbage();
    assertThat(store.blobs().exists(kept.digest())).isTrue();
    assertThat(store.blobs().exists(orphan.digest())).isFalse();
  }

  @Test
  void aLayerEntryNeedsItsBlobInTheStore() {
    Descriptor missing = new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256("x"), 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                index.record(
                    key("a"), new CacheEntry(missing, Digest.sha256("diff"), Instant.now())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(List.of()).isEmpty();
  }

  @Test
  void buildRecordsAreOnlyRewrittenWhenTheirKeysChange() throws IOException {
    BuildRecords records = new BuildRecords(store);
    StepInputs inputs = StepInputs.builder("RUN").put("instruction", "RUN true").build();
    BuildRecord record =
        new BuildRecord(
            "/ctx/Dockerfile",
            "0",
            List.of(new BuildRecord.RecordedStep(1, "RUN true", "p", "k", inputs)));
    records.save(record);
    Path file;
    try (var files = Files.list(store.cacheDir().resolve("builds"))) {
      file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Instant written = Files.getLastModifiedTime(file).toInstant();
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.from(written.minusSeconds(60)));
    records.save(record);
    assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(written.minusSeconds(60));
    assertThat(records.last("/ctx/Dockerfile", "0")).isEqualTo(Optional.of(record));
    assertThat(records.last("/ctx/Dockerfile", "1")).isEmpty();
  }
}
