package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {
  @ParameterizedTest
  @CsvSource({
    "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.container.image.v1+json, application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.image.rootfs.diff.tar.gzip, application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.docker.image.rootfs.diff.tar, application/vnd.oci.image.layer.v1.tar",
    "application/vnd.docker.image.rootfs.diff.tar.zstd, application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip,"
        + " application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  })
  void dockerAndOciFormsConvertBothWays(String docker, String oci) {
    assertThat(MediaTypes.toOci(docker)).isEqualTo(oci);
    assertThat(MediaTypes.toDocker(oci)).contains(docker);
    assertThat(MediaTypes.toOci(oci)).isEqualTo(oci);
    assertThat(MediaTypes.toDocker(docker)).contains(docker);
  }

  @Test
  void typesDockerCannotExpressHaveNoDockerForm() {
    assertThat(MediaTypes.toDocker(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_ZSTD)).isEmpty();
    assertThat(MediaTypes.toDocker("application/vnd.example.sbom")).isEmpty();
    assertThat(MediaTypes.toOci("application/vnd.example.sbom"))
        .isEqualTo("application/vnd.example.sbom");
  }

  @Test
  void classifiesManifestsIndexesConfigsAndLayers() {
    assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST)).isTrue();
    assertThat(MediaTypes.isManifest(MediaTypes.OCI_INDEX)).isFalse();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
    assertThat(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG)).isTrue();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_LAYER_ZSTD)).isTrue();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_CONFIG)).isFalse();
    assertThat(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE)).isTrue();
    assertThat(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER)).isFalse();
    assertThat(MediaTypes.isDockerSchema1(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isTrue();
  }

  @Test
  void layerCompressionFollowsTheMediaType() {
    assertThat(MediaTypes.compression(MediaTypes.DOCKER_LAYER_GZIP)).isEqualTo(Compression.GZIP);
    assertThat(MediaTypes.compression(MediaTypes.OCI_LAYER)).isEqualTo(Compression.NONE);
    assertThat(MediaTypes.compression(MediaTypes.OCI_LAYER_ZSTD)).isEqualTo(Compression.ZSTD);
    for (Compression c : Compression.values()) {
      assertThat(MediaTypes.compression(MediaTypes.layer(c, false))).isEqualTo(c);
      assertThat(MediaTypes.compression(MediaTypes.layer(c, true))).isEqualTo(c);
      assertThat(MediaTypes.isDocker(MediaTypes.layer(c, true))).isTrue();
    }
    assertThatThrownBy(() -> MediaTypes.compression(MediaTypes.OCI_CONFIG))
        .isInstanceOf(StrataException.class)
        .hasMessage("not a layer media type: " + MediaTypes.OCI_CONFIG);
  }
}
