package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.image.ChainId;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
class GarbageCollectorTest {
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

  Fixtures.TestImage tagged(String name) throws IOException {
    Fixtures.TestImage img =
        Fixtures.image(store.blobs(), name, List.of(Fixtures.BASE, Fixtures.layer(name)));
    store.images().tag(ImageReference.parse(name), img.id());
    store.layers().ensureAll(img.manifest(), img.config(), Fixtures.TAR);
    return img;
  }

  static Set<Digest> blobsOf(Fixtures.TestImage img) {
    Set<Digest> out = new HashSet<>();
    out.add(img.id());
    out.add(img.configDigest());
    img.layers().forEach(l -> out.add(l.digest()));
    return out;
  }

  @Test
  void removingAnImageKeepsTheBlobsAndLayersAnotherImageShares() throws IOException {
    Fixtures.TestImage a = tagged("a");
    Fixtures.TestImage b = tagged("b");
    Digest sharedLayer = a.layers().get(0).digest();
    assertThat(b.layers().get(0).digest()).isEqualTo(sharedLayer);

    ImageRemoval removal = store.images().remove("a", false);

    assertThat(removal.collection().ran()).isTrue();
    assertThat(removal.collection().removedBlobs())
        .containsExactlyInAnyOrder(a.id(), a.configDigest(), a.layers().get(1).digest());
    assertThat(removal.collection().removedLayers()).containsExactly(ChainId.of(a.diffIds()));
    assertThat(removal.collection().freedBytes()).isPositive();
    assertThat(store.blobs().list()).containsExactlyInAnyOrderElementsOf(blobsOf(b));
    assertThat(store.layers().list()).containsExactlyInAnyOrderElementsOf(ChainId.all(b.diffIds()));
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void unreferencedBlobsGoAndRegisteredRootsStay() throws IOException {
    tagged("a");
    Digest loose = store.blobs().put("loose".getBytes(), Digest.sha256("loose"));
    Digest cached = store.blobs().put("cached".getBytes(), Digest.sha256("cached"));
    Fixtures.TestImage cachedImage =
        Fixtures.image(store.blobs(), "c", List.of(Fixtures.layer("only-cached")));
    store.layers().ensureAll(cachedImage.manifest(), cachedImage.config(), Fixtures.TAR);
    store.addGcRoots(() -> Set.of(cached, cachedImage.id()));

    GcResult gc = store.collectGarbage();

    assertThat(gc.removedBlobs()).containsExactly(loose);
    assertThat(store.blobs().exists(cached)).isTrue();
    assertThat(store.blobs().list()).containsAll(blobsOf(cachedImage));
    assertThat(store.layers().list()).contains(ChainId.of(cachedImage.diffIds()));
  }

  @Test
  void layerDirsOnlyAContainerUsesStayWhileItRegistersThem() throws IOException {
    Fixtures.TestImage img = tagged("a");
    Set<Digest> containerLayers = new HashSet<>(ChainId.all(img.diffIds()));
    store.addGcRoots(
        new GcRoots() {
          @Override
          public Set<Digest> blobs() {
            return Set.of();
          }

          @Override
          public Set<Digest> layers() {
            return containerLayers;
          }
        });
    store.images().remove("a", false);

    assertThat(store.blobs().list()).isEmpty();
    assertThat(store.layers().list()).containsExactlyInAnyOrderElementsOf(containerLayers);
    containerLayers.clear();
    assertThat(store.collectGarbage().removedLayers()).hasSize(2);
    assertThat(store.layers().list()).isEmpty();
  }

  @Test
  void collectionIsDeferredWhileALeaseIsHeld() throws IOException {
    Digest unrooted = store.blobs().put("in flight".getBytes(), Digest.sha256("in flight"));
    try (Lease lease = store.lease()) {
      GcResult gc = store.collectGarbage();
      assertThat(gc.ran()).isFalse();
      assertThat(store.blobs().exists(unrooted)).isTrue();
    }
    assertThat(store.collectGarbage().removedBlobs()).containsExactly(unrooted);
  }

  @Test
  void anIndexKeepsItsPresentChildrenAndTheirContent() throws IOException {
    Fixtures.TestImage amd = Fixtures.image(store.blobs(), "amd", List.of(Fixtures.BASE));
    Index index =
        Index.of(
            MediaTypes.OCI_INDEX,
            List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, amd.id(), store.blobs().size(amd.id()))
                    .withPlatform(Platform.parse("linux/amd64")),
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("never pulled"), 500)
                    .withPlatform(Platform.parse("linux/arm64"))));
    Descriptor idx = store.blobs().put(MediaTypes.OCI_INDEX, index.toJson());
    store.images().tag(ImageReference.parse("multi"), idx.digest());

    assertThat(store.collectGarbage().removedBlobs()).isEmpty();
    assertThat(store.images().get(idx.digest()).orElseThrow().mediaType())
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(store.check(false).clean()).isTrue();

    store.images().remove("multi", false);
    assertThat(store.blobs().list()).isEmpty();
  }
}
