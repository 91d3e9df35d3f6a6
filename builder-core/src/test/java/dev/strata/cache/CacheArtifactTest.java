package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheArtifactTest {
  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
  }

  @Test
  void roundTripsThroughManifestAndConfigWithoutLocalChainIds() throws Exception {
    CachedLayer layer = Entries.layer(store, "a");
    CachedLayer withChain =
        new CachedLayer(
            layer.mediaType(),
            layer.blob(),
            layer.size(),
            layer.diffId(),
            Optional.of(Digest.sha256("chain")));
    CacheEntry run = Entries.entry(Entries.key("run"), List.of(withChain), "RUN a");
    CacheEntry env = Entries.entry(Entries.key("env"), List.of(), "ENV b");
    CacheArtifact artifact = new CacheArtifact(List.of(run, env, run));

    Manifest manifest = Manifest.parse(artifact.manifest().toJson(), "test");
    CacheArtifact read = CacheArtifact.read(manifest, artifact.config(), "test");

    assertThat(read.entries()).hasSize(2);
    assertThat(read.entry(run.key()).orElseThrow().layers().get(0).chainId()).isEmpty();
    assertThat(read.entry(env.key()).orElseThrow().history()).isEqualTo(env.history());
    assertThat(manifest.layers()).containsExactly(layer.descriptor());
    assertThat(manifest.artifactType()).isEqualTo(CacheArtifact.ARTIFACT_TYPE);
    assertThat(manifest.config().mediaType()).isEqualTo(CacheArtifact.CONFIG_TYPE);
  }

  @Test
  void rejectsAConfigThatIsNotTheOneTheManifestNames() throws Exception {
    CacheArtifact artifact = new CacheArtifact(List.of(Entries.withLayer(store, "a")));
    byte[] other = new CacheArtifact(List.of(Entries.withLayer(store, "b"))).config();
    assertThatThrownBy(() -> CacheArtifact.read(artifact.manifest(), other, "cache x"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("cache x")
        .hasMessageContaining("hashes to");
  }

  @Test
  void rejectsAnEntryWhoseLayerTheManifestDoesNotList() throws Exception {
    CacheArtifact artifact = new CacheArtifact(List.of(Entries.withLayer(store, "a")));
    Manifest stripped =
        Manifest.of(MediaTypes.OCI_MANIFEST, artifact.manifest().config(), List.of());
    assertThatThrownBy(() -> CacheArtifact.read(stripped, artifact.config(), "cache x"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("the manifest lacks");
  }

  @Test
  void rejectsAnImageThatIsNotACache() {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Manifest image =
        Manifest.of(
            MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, config), List.of());
    assertThatThrownBy(() -> CacheArtifact.read(image, config, "cache x"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("not a strata cache");
  }
}
