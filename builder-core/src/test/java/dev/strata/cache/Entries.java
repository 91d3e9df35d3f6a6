package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.MediaTypes;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Cache entries over real blobs committed to a real store. */
final class Entries {
  private Entries() {}

  static CacheKey key(String seed) {
    return new CacheKey(Digest.sha256("key " + seed));
  }

  /**
   * A layer blob with content derived from {@code seed}, committed uncompressed so that its digest
   * is also its diff id.
   */
  static CachedLayer layer(Store store, String seed) throws IOException {
    byte[] content = ("layer content " + seed).getBytes(StandardCharsets.UTF_8);
    Descriptor d = store.blobs().put(MediaTypes.OCI_LAYER, content);
    return CachedLayer.of(d, d.digest(), Optional.empty());
  }

  static CacheEntry entry(CacheKey key, List<CachedLayer> layers, String createdBy) {
    return new CacheEntry(
        key,
        layers,
        ContainerConfig.builder()
            .env("PATH", "/usr/bin")
            .workingDir("/app")
            .cmd(List.of("sh"))
            .label("made-by", createdBy)
            .build(),
        new History(Instant.parse("2024-01-02T03:04:05Z"), null, createdBy, null, layers.isEmpty()),
        GoldenBuild.run().summary(),
        Instant.parse("2024-05-06T07:08:09.123456789Z"));
  }

  static CacheEntry withLayer(Store store, String seed) throws IOException {
    return entry(key(seed), List.of(layer(store, seed)), "RUN " + seed);
  }
}
