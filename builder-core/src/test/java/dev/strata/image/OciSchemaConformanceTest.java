package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of document strata writes validates against the OCI image-spec JSON schemas. */
class OciSchemaConformanceTest {
  static final Digest LAYER = Digest.sha256("layer bytes");
  static final Digest DIFF = Digest.sha256("layer tar");

  static ImageConfig fullConfig() {
    ContainerConfig cc =
        ContainerConfig.builder()
            .user("1000:1000")
            .exposePort("8080/tcp")
            .env("PATH", "/usr/bin:/bin")
            .entrypoint(List.of("/entry"))
            .cmd(List.of("serve"))
            .volume("/data")
            .workingDir("/srv")
            .label("org.opencontainers.image.title", "t")
            .stopSignal("SIGTERM")
            .healthcheck(
                new Healthcheck(
                    List.of("CMD", "true"),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(500),
                    3))
            .shell(List.of("/bin/bash", "-c"))
            .onBuild("RUN make")
            .argsEscaped(true)
            .build();
    return ImageConfig.empty(new Platform("linux", "arm", "v7", null, null))
        .withConfig(cc)
        .withCreated(Instant.parse("2024-05-06T07:08:09.123Z"), "strata")
        .withLayer(DIFF, new History(Instant.EPOCH, "me", "RUN make", "c", false))
        .withEmptyLayerHistory(new History(Instant.EPOCH, null, "CMD serve", null, true));
  }

  static Manifest manifest(byte[] config) {
    return new Manifest(
        2,
        MediaTypes.OCI_MANIFEST,
        null,
        Descriptor.of(MediaTypes.OCI_CONFIG, config),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, LAYER, 1234)),
        null,
        Map.of("org.opencontainers.image.created", "2024-05-06T07:08:09Z"),
        null);
  }

  @Test
  void configStrataWritesIsValid() {
    byte[] json = fullConfig().toJson();
    assertThat(OciSchemas.violations(MediaTypes.OCI_CONFIG, json)).isEmpty();
  }

  @Test
  void minimalConfigIsValid() {
    byte[] json = ImageConfig.empty(Platform.parse("linux/amd64")).toJson();
    assertThat(OciSchemas.violations(MediaTypes.OCI_CONFIG, json)).isEmpty();
  }

  @Test
  void manifestStrataWritesIsValid() {
    byte[] json = manifest(fullConfig().toJson()).toJson();
    assertThat(OciSchemas.violations(MediaTypes.OCI_MANIFEST, json)).isEmpty();
  }

  @Test
  void manifestWithSubjectAndArtifactTypeIsValid() {
    Manifest m = manifest(fullConfig().toJson());
    Manifest withSubject =
        new Manifest(
            2,
            MediaTypes.OCI_MANIFEST,
            "application/vnd.example.sbom",
            new Descriptor(MediaTypes.OCI_EMPTY, Digest.sha256("{}"), 2),
            m.layers(),
            Descriptor.of(MediaTypes.OCI_MANIFEST, m.toJson()),
            null,
            null);
    assertThat(OciSchemas.violations(MediaTypes.OCI_MANIFEST, withSubject.toJson())).isEmpty();
  }

  @Test
  void indexStrataWritesIsValid() {
    byte[] manifest = manifest(fullConfig().toJson()).toJson();
    Index index =
        Index.of(
            MediaTypes.OCI_INDEX,
            List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, manifest)
                    .withPlatform(new Platform("linux", "arm", "v7"))
                    .withAnnotations(Map.of("org.opencontainers.image.ref.name", "v1")),
                Descriptor.of(MediaTypes.OCI_MANIFEST, manifest)
                    .withPlatform(
                        new Platform(
                            "windows", "amd64", null, "10.0.17763.1", List.of("win32k")))));
    assertThat(OciSchemas.violations(MediaTypes.OCI_INDEX, index.toJson())).isEmpty();
  }

  @Test
  void layoutAndDescriptorStrataWritesAreValid() {
    assertThat(OciSchemas.violations(MediaTypes.OCI_LAYOUT_HEADER, ImageLayout.CURRENT.toJson()))
        .isEmpty();
    Descriptor d =
        new Descriptor(
            MediaTypes.OCI_LAYER_GZIP,
            LAYER,
            10,
            List.of("https://example.com/l.tgz"),
            Map.of("a", "b"),
            Platform.parse("linux/amd64"),
            null,
            null);
    assertThat(OciSchemas.violations(MediaTypes.OCI_DESCRIPTOR, CanonicalJson.write(d))).isEmpty();
  }

  @Test
  void validatorRejectsWhatTheSchemaForbids() {
    byte[] badManifest =
        "{\"schemaVersion\":3,\"config\":{\"mediaType\":\"x\",\"size\":-1,\"digest\":\"nope\"},\"layers\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(OciSchemas.violations(MediaTypes.OCI_MANIFEST, badManifest)).hasSizeGreaterThan(3);
    byte[] badConfig =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(OciSchemas.violations(MediaTypes.OCI_CONFIG, badConfig))
        .anySatisfy(m -> assertThat(m).contains("rootfs"));
    byte[] badLayout = "{\"imageLayoutVersion\":\"2.0.0\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(OciSchemas.violations(MediaTypes.OCI_LAYOUT_HEADER, badLayout)).isNotEmpty();
    byte[] badTime =
        "{\"architecture\":\"a\",\"os\":\"o\",\"created\":\"May 1\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(OciSchemas.violations(MediaTypes.OCI_CONFIG, badTime)).isNotEmpty();
  }
}
