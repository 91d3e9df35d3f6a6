package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void putStoresTheBlobUnderItsDigestAndReadsItBack() throws IOException {
    byte[] content = utf8("hello blob");
    Descriptor d = store.blobs().put(MediaTypes.OCI_CONFIG, content);

    assertThat(d.digest()).isEqualTo(Digest.sha256(content));
    assertThat(d.size()).isEqualTo(content.length);
    assertThat(store.blobs().path(d.digest()))
        .isEqualTo(root.resolve("blobs/sha256/" + d.digest().encoded()));
    assertThat(store.blobs().exists(d.digest())).isTrue();
    assertThat(store.blobs().size(d.digest())).isEqualTo(content.length);
    assertThat(store.blobs().readAllBytes(d.digest())).isEqualTo(content);
    assertThat(store.blobs().list()).containsExactly(d.digest());
    assertThat(countFiles(root.resolve("tmp"))).isZero();
  }

  @Test
  void failedDigestCheckLeavesNothingInBlobsAndNothingInTmp() throws IOException {
    byte[] content = utf8("what arrived");
    Digest claimed = Digest.sha256("what was promised");

    assertThatThrownBy(() -> store.blobs().put(content, claimed))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage(
            "blob "
                + claimed
                + ": content hashes to "
                + Digest.sha256(content)
                + " ("
                + content.length
                + " bytes)");
    assertThat(countFiles(root.resolve("blobs"))).isZero();
    assertThat(countFiles(root.resolve("tmp"))).isZero();
  }

  @Test
  void failedSizeCheckLeavesNothing() throws IOException {
    byte[] content = utf8("twelve bytes");
    assertThatThrownBy(
            () -> store.blobs().put(new ByteArrayInputStream(content), Digest.sha256(content), 99))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("expected 99 bytes, got 12");
    assertThat(countFiles(root.resolve("blobs"))).isZero();
    assertThat(countFiles(root.resolve("tmp"))).isZero();
  }

  @Test
  void blobIsInvisibleUntilCommittedAndAnAbortedIngestLeavesNothing() throws IOException {
    byte[] content = utf8("streamed in two parts");
    Digest digest = Digest.sha256(content);
    try (Ingest ingest = store.blobs().ingest()) {
      ingest.stream().write(content, 0, 5);
      assertThat(store.blobs().exists(digest)).isFalse();
      assertThat(ingest.written()).isEqualTo(5);
    }
    assertThat(countFiles(root)).isEqualTo(1).as("only the lock file");

    try (Ingest ingest = store.blobs().ingest()) {
      ingest.stream().write(content, 0, 5);
      ingest.stream().write(content, 5, content.length - 5);
      assertThat(store.blobs().exists(digest)).isFalse();
      assertThat(ingest.commit(content.length, digest)).isEqualTo(digest);
    }
    assertThat(store.blobs().readAllBytes(digest)).isEqualTo(content);
  }

  @Test
  void contentStrataProducesCommitsWithoutExpectations() throws IOException {
    try (Ingest ingest = store.blobs().ingest()) {
      ingest.stream().write(utf8("layer bytes"));
      Digest d = ingest.commit(-1, null);
      assertThat(d).isEqualTo(Digest.sha256("layer bytes"));
    }
  }

  @Test
  void committedBlobsAreReadOnlyAndRecommittingHealsADamagedCopy() throws IOException {
    byte[] content = utf8("precious");
    Digest d = store.blobs().put(content, Digest.sha256(content));
    Path p = store.blobs().path(d);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
        .isEqualTo("r--r--r--");

    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(utf8("X")), 0);
    }
    store.blobs().put(content, d);
    assertThat(store.blobs().readAllBytes(d)).isEqualTo(content);
  }

  @Test
  void missingBlobIsANamedUserError() {
    Digest d = Digest.sha256("absent");
    assertThat(store.blobs().exists(d)).isFalse();
    assertThatThrownBy(() -> store.blobs().open(d))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("blob " + d + " not found in the store at " + root.toAbsolutePath());
    assertThatThrownBy(() -> store.blobs().size(d)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void onlySha256CanBeVerifiedOrStored() throws IOException {
    Digest sha512 = Digest.parse("sha512:" + "ab".repeat(64));
    assertThatThrownBy(() -> store.blobs().put(utf8("x"), sha512))
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageContaining("verifies sha256 digests only");
    assertThat(store.blobs().exists(sha512)).isFalse();
    assertThatThrownBy(() -> store.blobs().path(sha512)).isInstanceOf(StrataException.class);
    assertThat(countFiles(root.resolve("tmp"))).isZero();
  }

  @Test
  void aStreamThatFailsMidwayLeavesNothing() throws IOException {
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ > 1000) {
              throw new IOException("connection reset");
            }
            return 'a';
          }
        };
    assertThatThrownBy(() -> store.blobs().put(failing, null, -1))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(countFiles(root.resolve("blobs"))).isZero();
    assertThat(countFiles(root.resolve("tmp"))).isZero();
  }
}
