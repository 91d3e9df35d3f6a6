package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.image.ChainId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
  @TempDir Path root;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(root);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).count();
    }
  }

  @Test
  void ensureAllExtractsEveryLayerUnderItsChainId() throws IOException {
    Fixtures.TestImage img =
        Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE, Fixtures.layer("a")));

    List<LayerDir> dirs = store.layers().ensureAll(img.manifest(), img.config(), Fixtures.TAR);

    List<Digest> chains = ChainId.all(img.diffIds());
    assertThat(dirs).extracting(LayerDir::chainId).containsExactlyElementsOf(chains);
    assertThat(dirs.get(0).parent()).isNull();
    assertThat(dirs.get(1).parent()).isEqualTo(chains.get(0));
    assertThat(dirs.get(1).blob()).isEqualTo(img.layers().get(1).digest());
    assertThat(dirs.get(1).path()).isEqualTo(root.resolve("layers/" + chains.get(1).encoded()));
    assertThat(dirs.get(0).diff().resolve("etc/os-release")).hasContent("ID=test");
    assertThat(dirs.get(1).diff().resolve("app/a")).hasContent("content of a");
    assertThat(store.layers().get(chains.get(1))).contains(dirs.get(1));
    assertThat(store.layers().list()).containsExactlyInAnyOrderElementsOf(chains);
    assertThat(files(root.resolve("tmp"))).isEqualTo(1).as("only the session dir");
  }

  @Test
  void aLayerIsExtractedOnceAndSharedByImagesWithTheSameBase() throws IOException {
    AtomicInteger extractions = new AtomicInteger();
    LayerExtractor counting =
        (in, dir) -> {
          extractions.incrementAndGet();
          return Fixtures.TAR.extract(in, dir);
        };
    Fixtures.TestImage a =
        Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE, Fixtures.layer("a")));
    Fixtures.TestImage b =
        Fixtures.image(store.blobs(), "b", List.of(Fixtures.BASE, Fixtures.layer("b")));

    store.layers().ensureAll(a.manifest(), a.config(), counting);
    store.layers().ensureAll(b.manifest(), b.config(), counting);
    store.layers().ensureAll(a.manifest(), a.config(), counting);

    assertThat(extractions).hasValue(3);
    assertThat(store.layers().list()).hasSize(3);
  }

  @Test
  void aBlobThatUnpacksToAnotherDiffIdLeavesNothingBehind() throws IOException {
    Fixtures.TestImage img = Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE));
    Digest wrong = Digest.sha256("not this layer");

    assertThatThrownBy(
            () -> store.layers().ensure(null, wrong, img.layers().get(0).digest(), Fixtures.TAR))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage(
            "layer blob "
                + img.layers().get(0).digest()
                + " unpacks to diff id "
                + img.diffIds().get(0)
                + ", but the image config says "
                + wrong);
    assertThat(files(root.resolve("layers"))).isZero();
    assertThat(files(root.resolve("tmp"))).isEqualTo(1);
  }

  @Test
  void anExtractorFailureLeavesNothingBehind() throws IOException {
    Fixtures.TestImage img = Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE));
    LayerExtractor failing =
        (in, dir) -> {
          Files.writeString(dir.resolve("partial"), "x");
          throw new IOException("disk full");
        };
    assertThatThrownBy(
            () ->
                store
                    .layers()
                    .ensure(null, img.diffIds().get(0), img.layers().get(0).digest(), failing))
        .hasMessage("disk full");
    assertThat(files(root.resolve("layers"))).isZero();
    assertThat(files(root.resolve("tmp"))).isEqualTo(1);
  }

  @Test
  void threadsRacingForOneLayerExtractItOnce() throws Exception {
    Fixtures.TestImage img = Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE));
    AtomicInteger extractions = new AtomicInteger();
    LayerExtractor slow =
        (in, dir) -> {
          extractions.incrementAndGet();
          Digest d = Fixtures.TAR.extract(in, dir);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return d;
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<LayerDir>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(
            () ->
                store
                    .layers()
                    .ensure(null, img.diffIds().get(0), img.layers().get(0).digest(), slow));
      }
      for (Future<LayerDir> f : pool.invokeAll(tasks)) {
        assertThat(f.get().chainId()).isEqualTo(img.diffIds().get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(extractions).hasValue(1);
  }

  @Test
  void aWriterThatLosesThePublishRaceUsesTheWinnersDirectory() throws IOException {
    Fixtures.TestImage img = Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE));
    Digest diffId = img.diffIds().get(0);
    Digest blob = img.layers().get(0).digest();
    AtomicInteger calls = new AtomicInteger();
    LayerExtractor racing =
        (in, dir) -> {
          if (calls.incrementAndGet() == 1) {
            // Another writer publishes the same layer while this one is still extracting.
            store.layers().ensure(null, diffId, blob, Fixtures.TAR);
          }
          return Fixtures.TAR.extract(in, dir);
        };

    LayerDir layer = store.layers().ensure(null, diffId, blob, racing);

    assertThat(layer.chainId()).isEqualTo(diffId);
    assertThat(layer.diff().resolve("etc/os-release")).hasContent("ID=test");
    assertThat(files(root.resolve("tmp"))).isEqualTo(1);
    assertThat(store.check(false).clean()).isTrue();
  }
}
