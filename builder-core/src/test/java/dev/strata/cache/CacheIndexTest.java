package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.store.CheckReport;
import dev.strata.store.GcResult;
import dev.strata.store.LayerDir;
import dev.strata.store.LayerExtractor;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CacheIndexTest {
  @TempDir Path root;
  Store store;
  CacheIndex index;

  @BeforeEach
  void open() {
    store = Store.open(root);
    index = CacheIndex.open(store);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void aRecordedEntryIsFoundWithEverythingItHeld() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "a");
    index.record(entry);
    assertThat(index.lookup(entry.key())).contains(entry);
  }

  @Test
  void openingTwiceOnOneStoreGivesTheSameIndex() throws IOException {
    assertThat(CacheIndex.open(store)).isSameAs(index);
    index.record(Entries.withLayer(store, "once"));
    Files.writeString(index.path(Entries.key("once")), "{");
    assertThat(store.check(false).findings()).hasSize(1);
  }

  @Test
  void anEntryPathThatCannotBeReadIsAClearErrorAndCheckRemovesIt() throws IOException {
    CacheKey key = Entries.key("dir");
    Files.createDirectories(index.path(key).resolve("inside"));
    assertThatThrownBy(() -> index.lookup(key))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("cannot read cache entry " + index.path(key));
    assertThat(index.list()).isEmpty();
    assertThat(store.check(false).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(CheckReport.Kind.STRAY_FILE));
    store.check(true);
    assertThat(index.lookup(key)).isEmpty();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void anUnknownKeyIsAMiss() throws IOException {
    assertThat(index.lookup(Entries.key("nothing"))).isEmpty();
  }

  @Test
  void aMetadataOnlyEntryNeedsNoBlobs() throws IOException {
    CacheEntry entry = Entries.entry(Entries.key("env"), List.of(), "ENV A=1");
    index.record(entry);
    assertThat(index.lookup(entry.key())).contains(entry);
    assertThat(entry.metadataOnly()).isTrue();
  }

  @Test
  void entriesSurviveReopeningTheStore() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "persisted");
    index.record(entry);
    store.close();
    store = Store.open(root);
    index = CacheIndex.open(store);
    assertThat(index.lookup(entry.key())).contains(entry);
  }

  @Test
  void recordingAnEntryWhoseBlobIsNotInTheStoreFailsAndWritesNothing() throws IOException {
    CachedLayer ghost =
        new CachedLayer(
            "application/vnd.oci.image.layer.v1.tar",
            Digest.sha256("ghost"),
            5,
            Digest.sha256("ghost"),
            Optional.empty());
    CacheEntry entry = Entries.entry(Entries.key("ghost"), List.of(ghost), "RUN ghost");
    assertThatThrownBy(() -> index.record(entry))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("cannot record cache entry " + entry.key())
        .hasMessageContaining("is missing");
    assertThat(Files.exists(index.path(entry.key()))).isFalse();
    assertThat(index.lookup(entry.key())).isEmpty();
  }

  @Test
  void recordingAnEntryWithTheWrongBlobSizeFails() throws IOException {
    CachedLayer real = Entries.layer(store, "sized");
    CachedLayer wrong =
        new CachedLayer(
            real.mediaType(), real.blob(), real.size() + 1, real.diffId(), Optional.empty());
    assertThatThrownBy(() -> index.record(Entries.entry(Entries.key("s"), List.of(wrong), "RUN")))
        .hasMessageContaining("bytes, not " + (real.size() + 1));
  }

  @Test
  void aLaterRecordReplacesTheEntry() throws IOException {
    CacheKey key = Entries.key("same");
    index.record(Entries.entry(key, List.of(Entries.layer(store, "first")), "RUN first"));
    CacheEntry second = Entries.entry(key, List.of(Entries.layer(store, "second")), "RUN second");
    index.record(second);
    assertThat(index.lookup(key)).contains(second);
    assertThat(index.list()).containsExactly(second);
  }

  @Test
  void removeDropsTheEntry() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "gone");
    index.record(entry);
    assertThat(index.remove(entry.key())).isTrue();
    assertThat(index.remove(entry.key())).isFalse();
    assertThat(index.lookup(entry.key())).isEmpty();
  }

  @Test
  void listReturnsEveryReadableEntryByKey() throws IOException {
    CacheEntry a = Entries.withLayer(store, "a");
    CacheEntry b = Entries.withLayer(store, "b");
    CacheEntry c = Entries.entry(Entries.key("c"), List.of(), "ENV");
    index.record(a);
    index.record(b);
    index.record(c);
    Path broken = index.path(Entries.key("broken"));
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "{", StandardCharsets.UTF_8);
    assertThat(index.list())
        .containsExactlyElementsOf(
            List.of(a, b, c).stream()
                .sorted(java.util.Comparator.comparing(CacheEntry::key))
                .toList());
  }

  @Test
  void anEntryWhoseBlobVanishedIsAMiss() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "vanish");
    index.record(entry);
    Files.delete(store.blobs().path(entry.layers().get(0).blob()));
    assertThat(index.lookup(entry.key())).isEmpty();
  }

  @Test
  void anEntryWhoseBlobChangedSizeIsAMiss() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "resized");
    index.record(entry);
    Files.writeString(store.blobs().path(entry.layers().get(0).blob()), "x");
    assertThat(index.lookup(entry.key())).isEmpty();
  }

  /** Ways an index file can be damaged; each must read as a miss, never as another entry. */
  enum Damage {
    TRUNCATED(s -> s.substring(0, s.length() / 2)),
    EMPTY(s -> ""),
    GARBAGE(s -> "\u0000\u0001not json"),
    NOT_AN_OBJECT(s -> "[1,2,3]"),
    SIZE_EDITED(s -> s.replaceFirst("\"size\":(\\d+)", "\"size\":1$1")),
    CMD_EDITED(s -> s.replace("\"sh\"", "\"bash\"")),
    CHECKSUM_EDITED(s -> s.replaceFirst("\"checksum\":\"sha256:.", "\"checksum\":\"sha256:0")),
    WRONG_FORMAT(s -> s.replace("strata.cache.entry", "strata.cache.build")),
    FUTURE_VERSION(s -> s.replace("\"version\":1", "\"version\":2"));

    final UnaryOperator<String> edit;

    Damage(UnaryOperator<String> edit) {
      this.edit = edit;
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedEntryIsAMissThatCheckReportsAndRepairDrops(Damage damage) throws IOException {
    CacheEntry entry = Entries.withLayer(store, "damaged");
    index.record(entry);
    Path file = index.path(entry.key());
    String original = Files.readString(file);
    String edited = damage.edit.apply(original);
    assertThat(edited).as("the damage changes the file").isNotEqualTo(original);
    Files.writeString(file, edited);

    assertThat(index.lookup(entry.key())).isEmpty();
    assertThat(index.list()).isEmpty();

    CheckReport report = store.check(false);
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(CheckReport.Kind.OTHER);
              assertThat(f.subject()).isEqualTo("cache entry " + entry.key());
              assertThat(f.message()).startsWith("invalid cache entry " + entry.key());
              assertThat(f.repaired()).isFalse();
            });
    assertThat(store.check(true).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.repaired()).isTrue());
    assertThat(Files.exists(file)).isFalse();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void anEditedBodyIsCaughtByTheChecksum() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "edited");
    index.record(entry);
    Path file = index.path(entry.key());
    Files.writeString(file, Damage.SIZE_EDITED.edit.apply(Files.readString(file)));
    assertThat(store.check(false).findings().get(0).message()).contains("checksum mismatch");
  }

  @Test
  void anEntryFiledUnderAnotherKeyIsAMiss() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "moved");
    index.record(entry);
    CacheKey other = Entries.key("other");
    Files.createDirectories(index.path(other).getParent());
    Files.copy(index.path(entry.key()), index.path(other));
    assertThat(index.lookup(other)).isEmpty();
    assertThat(index.lookup(entry.key())).contains(entry);
    assertThat(store.check(false).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("holds the entry of " + entry.key()));
  }

  @Test
  void checkReportsAnEntryWhoseBlobIsCorruptAndRepairDropsIt() throws IOException {
    CacheEntry entry = Entries.withLayer(store, "rot");
    CacheEntry healthy = Entries.withLayer(store, "healthy");
    index.record(entry);
    index.record(healthy);
    Path blob = store.blobs().path(entry.layers().get(0).blob());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[0] ^= 1;
    blob.toFile().setWritable(true);
    Files.write(blob, bytes);

    CheckReport report = store.check(false);
    assertThat(report.findings())
        .extracting(CheckReport.Finding::kind)
        .containsExactlyInAnyOrder(CheckReport.Kind.CORRUPT_BLOB, CheckReport.Kind.OTHER);
    assertThat(report.findings())
        .filteredOn(f -> f.kind() == CheckReport.Kind.OTHER)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .isEqualTo("layer blob " + entry.layers().get(0).blob() + " is corrupt"));

    CheckReport repaired = store.check(true);
    assertThat(repaired.unrepaired()).isEmpty();
    assertThat(index.lookup(entry.key())).isEmpty();
    assertThat(index.lookup(healthy.key())).contains(healthy);
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void strayFilesInTheCacheDirectoriesAreReportedAndRemoved() throws IOException {
    index.record(Entries.withLayer(store, "keep"));
    Path strayDir = Files.createDirectories(index.directory().resolve("not-a-fan"));
    Files.writeString(strayDir.resolve("x"), "x");
    Path fan = Files.createDirectories(index.directory().resolve("ab"));
    Path strayFile = Files.writeString(fan.resolve("notes.txt"), "x");
    Path misplaced = fan.resolve(Entries.key("zz").hex() + ".json");
    Files.writeString(misplaced, "{}");
    Path strayBuild = Files.writeString(index.builds().directory().resolve("README"), "x");

    assertThat(store.check(false).findings())
        .extracting(CheckReport.Finding::kind)
        .containsOnly(CheckReport.Kind.STRAY_FILE)
        .hasSize(4);
    store.check(true);
    assertThat(strayDir).doesNotExist();
    assertThat(strayFile).doesNotExist();
    assertThat(misplaced).doesNotExist();
    assertThat(strayBuild).doesNotExist();
    assertThat(index.list()).hasSize(1);
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void garbageCollectionKeepsWhatEntriesNeedUntilTheyAreRemoved() throws IOException {
    CachedLayer plain = Entries.layer(store, "gc");
    LayerExtractor copy =
        (in, target) -> {
          byte[] b = in.readAllBytes();
          Files.write(target.resolve("content"), b);
          return Digest.sha256(b);
        };
    LayerDir dir = store.layers().ensure(null, plain.diffId(), plain.blob(), copy);
    CachedLayer layer =
        new CachedLayer(
            plain.mediaType(),
            plain.blob(),
            plain.size(),
            plain.diffId(),
            Optional.of(dir.chainId()));
    CacheEntry entry = Entries.entry(Entries.key("gc"), List.of(layer), "RUN gc");
    index.record(entry);
    CachedLayer loose = Entries.layer(store, "loose");

    GcResult first = store.collectGarbage();
    assertThat(first.ran()).isTrue();
    assertThat(first.removedBlobs()).containsExactly(loose.blob());
    assertThat(first.removedLayers()).isEmpty();
    assertThat(index.lookup(entry.key())).contains(entry);

    index.remove(entry.key());
    GcResult second = store.collectGarbage();
    assertThat(second.removedBlobs()).containsExactly(layer.blob());
    assertThat(second.removedLayers()).containsExactly(dir.chainId());
    assertThat(store.check(false).clean()).isTrue();
  }
}
