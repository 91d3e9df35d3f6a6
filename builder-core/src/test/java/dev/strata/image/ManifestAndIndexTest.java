package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestAndIndexTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dockerManifestParsesAndRewritesToTheSameDocument() throws IOException {
    byte[] original = ImageConfigTest.resource("docker-manifest.json");
    Manifest m = Manifest.parse(original, "docker-manifest.json");

    assertThat(m.effectiveMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(m.config().size()).isEqualTo(2471);
    assertThat(m.layers()).hasSize(2);
    assertThat(MediaTypes.isNonDistributable(m.layers().get(1).mediaType())).isTrue();
    assertThat(m.layers().get(1).urls())
        .containsExactly("https://example.com/layers/foreign.tar.gz");
    assertThat(JSON.readTree(m.toJson())).isEqualTo(JSON.readTree(original));
  }

  @Test
  void ociManifestWithoutMediaTypeDefaultsToOci() {
    Digest d = Digest.sha256("c");
    Manifest m =
        Manifest.parse(
            utf8(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\""
                    + MediaTypes.OCI_CONFIG
                    + "\",\"digest\":\""
                    + d
                    + "\",\"size\":1},\"layers\":[]}"),
            "m");
    assertThat(m.mediaType()).isNull();
    assertThat(m.effectiveMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"config\":{\"digest\":\""
                + d
                + "\",\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1},"
                + "\"layers\":[],\"schemaVersion\":2}");
  }

  @Test
  void schemaOneManifestIsRejectedClearly() {
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    utf8("{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}"), "manifest m"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("invalid manifest m")
        .hasMessageContaining("schemaVersion 1");
  }

  @Test
  void descriptorWithoutSizeOrDigestIsRejected() {
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    utf8(
                        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\""
                            + Digest.sha256("x")
                            + "\"},\"layers\":[]}"),
                    "m"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("size");
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"size\":1}}"),
                    "m"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("digest");
  }

  @Test
  void anIndexIsNotAManifest() throws IOException {
    assertThatThrownBy(() -> Manifest.parse(ImageConfigTest.resource("oci-index.json"), "m"))
        .isInstanceOf(StrataException.class);
  }

  @Test
  void indexKeepsVendorFieldsAndPicksAManifestPerPlatform() throws IOException {
    byte[] original = ImageConfigTest.resource("oci-index.json");
    Index index = Index.parse(original, "oci-index.json");

    assertThat(index.manifests()).hasSize(3);
    assertThat(index.extra()).containsKey("x-vendor-field");
    assertThat(JSON.readTree(index.toJson())).isEqualTo(JSON.readTree(original));
    assertThat(index.manifestFor(Platform.parse("linux/amd64")).orElseThrow().digest().encoded())
        .startsWith("1111");
    assertThat(index.manifestFor(Platform.parse("linux/arm64")).orElseThrow().digest().encoded())
        .startsWith("2222");
    assertThat(index.manifestFor(Platform.parse("linux/aarch64/v8")).orElseThrow().size())
        .isEqualTo(1025);
    assertThat(index.manifestFor(Platform.parse("linux/s390x"))).isEmpty();
  }

  @Test
  void layoutOnlyAcceptsVersionOne() {
    assertThat(ImageLayout.parse(utf8("{\"imageLayoutVersion\":\"1.0.0\"}"), "oci-layout"))
        .isEqualTo(ImageLayout.CURRENT);
    assertThat(new String(ImageLayout.CURRENT.toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThatThrownBy(
            () -> ImageLayout.parse(utf8("{\"imageLayoutVersion\":\"2\"}"), "dir/oci-layout"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid dir/oci-layout: unsupported OCI layout version");
  }

  @Test
  void sameManifestAlwaysHasTheSameDigest() {
    Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256("c"), 1);
    Manifest a = Manifest.of(MediaTypes.OCI_MANIFEST, config, List.of());
    Manifest b = Manifest.parse(a.toJson(), "a");
    assertThat(CanonicalJson.digest(b)).isEqualTo(Digest.sha256(a.toJson()));
  }
}
