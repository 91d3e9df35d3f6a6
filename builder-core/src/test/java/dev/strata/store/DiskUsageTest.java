package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
  @TempDir Path root;

  @Test
  void aLayerTwoImagesUseIsSharedAndTheRestIsUnique() throws IOException {
    try (Store store = Store.open(root)) {
      Fixtures.TestImage a =
          Fixtures.image(store.blobs(), "a", List.of(Fixtures.BASE, Fixtures.layer("a")));
      Fixtures.TestImage b =
          Fixtures.image(store.blobs(), "b", List.of(Fixtures.BASE, Fixtures.layer("bb")));
      store.images().tag(ImageReference.parse("a"), a.id());
      store.images().tag(ImageReference.parse("b"), b.id());
      store.layers().ensureAll(a.manifest(), a.config(), Fixtures.TAR);
      byte[] loose = new byte[777];
      store.blobs().put(loose, Digest.sha256(loose));

      DiskUsage du = store.diskUsage();

      long base = store.blobs().size(a.layers().get(0).digest());
      Map<Digest, DiskUsage.ImageUsage> byId =
          du.images().stream()
              .collect(Collectors.toMap(DiskUsage.ImageUsage::id, Function.identity()));
      for (Fixtures.TestImage img : List.of(a, b)) {
        DiskUsage.ImageUsage u = byId.get(img.id());
        long size =
            store.blobs().size(img.id())
                + store.blobs().size(img.configDigest())
                + base
                + store.blobs().size(img.layers().get(1).digest());
        assertThat(u.size()).isEqualTo(size);
        assertThat(u.sharedSize()).isEqualTo(base);
        assertThat(u.uniqueSize()).isEqualTo(size - base);
      }
      assertThat(byId.get(a.id()).references()).containsExactly(ImageReference.parse("a:latest"));
      assertThat(du.reclaimableBytes()).isEqualTo(777);
      assertThat(du.blobBytes())
          .isEqualTo(byId.get(a.id()).size() + byId.get(b.id()).uniqueSize() + 777);
      assertThat(du.layerDirBytes()).isPositive();
    }
  }
}
