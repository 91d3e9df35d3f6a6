package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.registry.FaultProxy;
import dev.strata.registry.FaultProxy.Fault;
import dev.strata.registry.Pusher;
import dev.strata.registry.RegistryClient;
import dev.strata.registry.RegistryOptions;
import dev.strata.registry.RegistryServer;
import dev.strata.store.MemoryBlobs;
import dev.strata.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault-injecting proxy between strata and the real docker-registry: wrong bytes, a truncated
 * blob, 500s, a 429 with Retry-After, a connection dropped midway, and a manifest served under the
 * wrong media type. Each pull either retries to success or fails with one clear line, and the store
 * is clean afterwards: system check finds nothing, nothing is left under tmp/, no name is recorded.
 */
class RegistryFaultsIT {
  @TempDir static Path shared;
  static RegistryServer registry;
  static FaultProxy proxy;
  static String image;
  static String imageId;
  static Digest layer;

  @TempDir Path tmp;
  Path fresh;

  record Digest(String value) {}

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start(shared.resolve("registry"), RegistryServer.Variant.OPEN);
    proxy = FaultProxy.start(registry.host());
    Path source = shared.resolve("source");
    try (Images images = Images.open(source)) {
      images.importTarball(
          RegistryImages.tarball(shared, "faulty", 3 << 20, 7), registry.host() + "/faulty:1");
      imageId =
          images.push(
              registry.host() + "/faulty:1",
              Optional.empty(),
              RegistrySettings.defaults(),
              l -> {});
    }
    image = proxy.host() + "/faulty:1";
    RegistryClient client = new RegistryClient(RegistryOptions.defaults());
    Manifest m =
        Manifest.parse(
            client.fetchManifest(ImageReference.parse(registry.host() + "/faulty:1")).bytes(),
            "test");
    Descriptor d = m.layers().get(0);
    layer = new Digest(d.digest().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    registry.close();
  }

  @BeforeEach
  void reset() {
    proxy.clear();
    fresh = tmp.resolve("fresh");
  }

  static boolean isLayer(String path) {
    return path.endsWith("/blobs/" + layer.value());
  }

  static boolean isManifest(String path) {
    return path.contains("/manifests/");
  }

  LoadedImage pull() {
    return pull(image);
  }

  LoadedImage pull(String name) {
    try (Images images = Images.open(fresh)) {
      return images.pull(name, Optional.empty(), RegistrySettings.defaults(), l -> {});
    }
  }

  void assertFailsCleanly(String... parts) throws Exception {
    assertPullFailsCleanly(image, parts);
  }

  void assertPullFailsCleanly(String name, String... parts) throws Exception {
    assertThatThrownBy(() -> pull(name))
        .isInstanceOf(StrataException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .startsWith("cannot pull " + name + ": ")
                  .doesNotContain("\n");
              for (String p : parts) {
                assertThat(e.getMessage()).contains(p);
              }
            });
    RegistryImages.assertClean(fresh);
    try (Images images = Images.open(fresh)) {
      assertThat(images.list()).isEmpty();
    }
  }

  void assertPulledCleanly() throws Exception {
    assertThat(pull().id()).isEqualTo(imageId);
    RegistryImages.assertClean(fresh);
  }

  List<String> layerGets() {
    return proxy.requests().stream()
        .filter(r -> r.startsWith("GET ") && r.contains(layer.value()))
        .toList();
  }

  @Test
  void wrongBytesForADigestAreRejected() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.WRONG_BYTES, 1);
    assertFailsCleanly("blob " + layer.value(), "content hashes to sha256:");
  }

  @Test
  void truncatedBlobIsRejected() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.TRUNCATE, 1);
    assertFailsCleanly("blob " + layer.value(), "bytes, got");
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.STATUS_500, 2);
    assertPulledCleanly();
    assertThat(layerGets()).hasSize(3);
  }

  @Test
  void serverErrorsBeyondTheRetryLimitFailInOneLine() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.STATUS_500, 100);
    assertFailsCleanly("answered 500 for blob " + layer.value());
  }

  @Test
  void tooManyRequestsWaitsAsRetryAfterSays() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isManifest, Fault.STATUS_429, 1);
    long start = System.nanoTime();
    assertPulledCleanly();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
    assertThat(proxy.requests()).filteredOn(r -> r.contains("/manifests/1")).hasSize(2);
  }

  @Test
  void droppedConnectionResumesWithRange() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.DROP_MIDWAY, 1);
    assertPulledCleanly();
    List<String> gets = layerGets();
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0)).doesNotContain("Range");
    assertThat(gets.get(1)).matches(".* Range: bytes=[1-9][0-9]*-");
  }

  @Test
  void layerThatDoesNotUnpackToItsConfigsDiffIdIsRejectedAsItDownloads() throws Exception {
    RegistryClient client = new RegistryClient(RegistryOptions.defaults());
    dev.strata.image.ImageName repo = dev.strata.image.ImageName.parse(registry.host() + "/faulty");
    dev.strata.registry.FetchedManifest fetched =
        client.fetchManifest(ImageReference.parse(registry.host() + "/faulty:1"));
    byte[] manifest = fetched.bytes();
    Manifest m = Manifest.parse(manifest, "test");
    // The same layer, under a config whose diff id for it is wrong.
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(client.fetchDocument(repo, m.config()));
    String wrong = dev.strata.Digest.sha256("not this layer").toString();
    ((ArrayNode) config.path("rootfs").path("diff_ids")).set(0, wrong);
    byte[] badConfig = json.writeValueAsBytes(config);
    MemoryBlobs blobs = new MemoryBlobs(1 << 20);
    dev.strata.Digest badConfigDigest = blobs.add(badConfig);
    client.pushBlob(
        repo, new Descriptor(m.config().mediaType(), badConfigDigest, badConfig.length), blobs);
    ObjectNode badManifest = (ObjectNode) json.readTree(manifest);
    ((ObjectNode) badManifest.path("config"))
        .put("digest", badConfigDigest.toString())
        .put("size", badConfig.length);
    client.pushManifest(
        repo, "baddiff", fetched.descriptor().mediaType(), json.writeValueAsBytes(badManifest));

    String name = proxy.host() + "/faulty:baddiff";
    // Caught while the layer streamed in (the message names the pull, not a layout entry).
    assertPullFailsCleanly(
        name,
        "layer " + layer.value() + " of " + name + " unpacks to diff id sha256:",
        ", but the image config lists " + wrong);
    assertThat(layerGets()).hasSize(1);
  }

  @Test
  void manifestWhoseMediaTypeDisagreesWithItsContentIsRejected() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isManifest, Fault.INDEX_CONTENT_TYPE, 1);
    assertFailsCleanly(
        "is served as application/vnd.oci.image.index.v1+json but its content is a manifest");
  }

  @Test
  void largeBlobsAreUploadedInChunks() throws Exception {
    String dest = proxy.host() + "/chunked:1";
    try (Store store = Store.open(shared.resolve("source"))) {
      new Pusher(store, new RegistryClient(RegistryOptions.defaults().withChunkSize(1 << 20)))
          .push(dev.strata.Digest.parse(imageId), ImageReference.parse(dest), l -> {});
    }
    List<String> patches =
        proxy.requests().stream()
            .filter(r -> r.startsWith("PATCH /v2/chunked/blobs/uploads/"))
            .toList();
    assertThat(patches).hasSizeGreaterThanOrEqualTo(3); // a 3 MiB random layer in 1 MiB chunks
    assertThat(proxy.requests())
        .anyMatch(
            r ->
                r.startsWith("PUT /v2/chunked/blobs/uploads/")
                    && r.contains("digest=" + layer.value().replace(":", "%3A")));
    try (Images images = Images.open(fresh)) {
      assertThat(images.pull(dest, Optional.empty(), RegistrySettings.defaults(), l -> {}).id())
          .isEqualTo(imageId);
    }
    RegistryImages.assertClean(fresh);
  }

  @Test
  void stalledConnectionIsGivenUpAndResumed() throws Exception {
    proxy.inject("GET", RegistryFaultsIT::isLayer, Fault.STALL_MIDWAY, 1);
    String name = image;
    try (Store store = Store.open(fresh)) {
      RegistryClient client =
          new RegistryClient(
              RegistryOptions.defaults().withStallTimeout(java.time.Duration.ofSeconds(2)));
      long start = System.nanoTime();
      new dev.strata.registry.Puller(store, client)
          .pull(ImageReference.parse(name), dev.strata.image.Platform.host(), l -> {});
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }
    List<String> gets = layerGets();
    assertThat(gets).hasSize(2);
    assertThat(gets.get(1)).matches(".* Range: bytes=[1-9][0-9]*-");
    RegistryImages.assertClean(fresh);
  }

  @Test
  void documentsAreFetchedIntoMemoryVerified() throws Exception {
    RegistryClient client = new RegistryClient(RegistryOptions.defaults());
    dev.strata.image.ImageName repo = dev.strata.image.ImageName.parse(proxy.host() + "/faulty");
    Manifest m = Manifest.parse(client.fetchManifest(ImageReference.parse(image)).bytes(), "test");
    Descriptor config = m.config();
    byte[] bytes = client.fetchDocument(repo, config);
    assertThat(dev.strata.Digest.sha256(bytes)).isEqualTo(config.digest());
    proxy.inject("GET", p -> p.endsWith("/blobs/" + config.digest()), Fault.WRONG_BYTES, 1);
    assertThatThrownBy(() -> client.fetchDocument(repo, config))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith(
            "blob " + config.digest() + " of " + repo + ": content hashes to sha256:");
  }
}
