package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemoryBlobsTest {
  final byte[] content = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void keepsWhatVerifiesAndRefusesTheRest() throws Exception {
    MemoryBlobs blobs = new MemoryBlobs(1024);
    Digest d = Digest.sha256(content);
    assertThat(blobs.put(new ByteArrayInputStream(content), d, content.length)).isEqualTo(d);
    assertThat(blobs.readAllBytes(d)).isEqualTo(content);
    assertThat(blobs.size(d)).isEqualTo(content.length);

    Digest other = Digest.sha256("other");
    assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), other, content.length))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("hashes to " + d);
    assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), d, 3))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("expected 3 bytes");
    assertThat(blobs.exists(other)).isFalse();
    assertThatThrownBy(() -> blobs.open(other)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void refusesBlobsOverTheLimitWhileTheyAreWritten() {
    MemoryBlobs blobs = new MemoryBlobs(4);
    assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), null, -1))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("larger than the 4 bytes");
  }
}
