package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CompressionTest {
  private static Compression detect(byte[] b) throws IOException {
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(b));
    Compression c = Compression.detect(in);
    assertThat(in.readAllBytes()).isEqualTo(b); // nothing consumed
    return c;
  }

  @Test
  void detectsByMagicBytes() throws IOException {
    byte[] tar = new TarBuilder().file("f", "x").tar();
    assertThat(detect(TarBuilder.gzip(tar))).isEqualTo(Compression.GZIP);
    assertThat(detect(TarBuilder.zstd(tar))).isEqualTo(Compression.ZSTD);
    assertThat(detect(tar)).isEqualTo(Compression.NONE);
    assertThat(detect(new byte[0])).isEqualTo(Compression.NONE);
  }

  @Test
  void mediaTypesAreTheOciOnes() {
    assertThat(Compression.GZIP.mediaType())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat(Compression.ZSTD.mediaType())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(Compression.NONE.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
    assertThat(Compression.defaultCompression()).isEqualTo(Compression.GZIP);
  }

  @Test
  void mediaTypesOfOciAndDockerLayersMapBack() {
    assertThat(Compression.fromMediaType("application/vnd.docker.image.rootfs.diff.tar.gzip"))
        .isEqualTo(Compression.GZIP);
    assertThat(
            Compression.fromMediaType(
                "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"))
        .isEqualTo(Compression.ZSTD);
    for (Compression c : Compression.values()) {
      assertThat(Compression.fromMediaType(c.mediaType())).isEqualTo(c);
    }
    assertThatThrownBy(() -> Compression.fromMediaType("application/json"))
        .isInstanceOf(LayerFormatException.class)
        .hasMessage("not a layer media type: application/json");
  }

  @Test
  void parsesUserWords() {
    assertThat(Compression.parse("ZSTD")).isEqualTo(Compression.ZSTD);
    assertThat(Compression.parse("uncompressed")).isEqualTo(Compression.NONE);
    assertThatThrownBy(() -> Compression.parse("bzip2"))
        .hasMessage("unknown compression 'bzip2': use gzip, zstd or none");
  }
}
