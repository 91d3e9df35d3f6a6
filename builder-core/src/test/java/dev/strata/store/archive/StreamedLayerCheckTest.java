package dev.strata.store.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.MediaTypes;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamedLayerCheckTest {
  @TempDir Path tmp;

  /** A layer of a few MiB, so that it crosses the check's queue many times over. */
  static byte[] bigTar() {
    Random random = new Random(42);
    ArchiveTar tar = new ArchiveTar().dir("data");
    for (int i = 0; i < 8; i++) {
      byte[] content = new byte[700_000];
      random.nextBytes(content);
      tar.file("data/f" + i, 0644, content);
    }
    return tar.tar();
  }

  /** Writes {@code bytes} in pieces of uneven sizes, as a download delivers them. */
  static void writeInPieces(OutputStream out, byte[] bytes) throws IOException {
    Random random = new Random(7);
    for (int off = 0; off < bytes.length; ) {
      int n = Math.min(bytes.length - off, 1 + random.nextInt(100_000));
      out.write(bytes, off, n);
      off += n;
    }
  }

  @Test
  void aLayerWrittenInPiecesIsProvenWithItsDigestMediaTypeAndDiffId() throws IOException {
    byte[] tar = bigTar();
    byte[] blob = ArchiveTar.gzip(tar);
    Digest digest = Digest.sha256(blob);
    try (StreamedLayerCheck check =
        StreamedLayerCheck.start(
            digest, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar), " of test")) {
      writeInPieces(check.stream(), blob);
      assertThat(check.finish())
          .isEqualTo(new LayerProof(digest, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar)));
    }
  }

  @Test
  void aWrongDiffIdIsRejected() throws IOException {
    byte[] tar = bigTar();
    byte[] blob = ArchiveTar.gzip(tar);
    Digest digest = Digest.sha256(blob);
    Digest wrong = Digest.sha256("another layer");
    try (StreamedLayerCheck check =
        StreamedLayerCheck.start(digest, MediaTypes.OCI_LAYER_GZIP, wrong, " of test")) {
      writeInPieces(check.stream(), blob);
      assertThatThrownBy(check::finish)
          .isInstanceOf(StrataException.class)
          .hasMessage(
              "layer "
                  + digest
                  + " of test unpacks to diff id "
                  + Digest.sha256(tar)
                  + ", but the image config lists "
                  + wrong);
    }
  }

  @Test
  void aCompressionOtherThanTheMediaTypesIsRejected() throws IOException {
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    byte[] blob = ArchiveTar.zstd(tar);
    try (StreamedLayerCheck check =
        StreamedLayerCheck.start(
            Digest.sha256(blob), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar), " of test")) {
      check.stream().write(blob);
      assertThatThrownBy(check::finish)
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("is zstd-compressed but its media type");
    }
  }

  @Test
  void garbageFailsTheCheckWithoutBlockingTheWriter() {
    byte[] garbage = new byte[8 << 20]; // far more than the queue holds once the check has quit
    new Random(1).nextBytes(garbage);
    garbage[0] = 0x1f;
    garbage[1] = (byte) 0x8b; // a gzip header that goes nowhere
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          try (StreamedLayerCheck check =
              StreamedLayerCheck.start(
                  Digest.sha256(garbage),
                  MediaTypes.OCI_LAYER_GZIP,
                  Digest.sha256("x"),
                  " of test")) {
            writeInPieces(check.stream(), garbage);
            assertThatThrownBy(check::finish).isInstanceOf(StrataException.class);
          }
        });
  }

  @Test
  void anAbandonedCheckEndsAndProvesNothing() {
    byte[] tar = bigTar();
    byte[] blob = ArchiveTar.gzip(tar);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          StreamedLayerCheck check =
              StreamedLayerCheck.start(
                  Digest.sha256(blob), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar), " of test");
          check.stream().write(blob, 0, blob.length / 2);
          check.close();
          assertThatThrownBy(check::finish)
              .isInstanceOf(IOException.class)
              .hasMessage("layer check abandoned");
        });
  }

  @Test
  void aProofCountsOnlyForTheDiffIdItNames() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    Descriptor layer = OciLayouts.blob(dir, MediaTypes.OCI_LAYER_GZIP, ArchiveTar.gzip(tar));
    Digest wrong = Digest.sha256("something else");
    OciLayouts.writeImage(dir, "bad:1", List.of(layer), List.of(wrong));
    // proven to unpack to its real diff id, which is not what the config lists
    Set<LayerProof> proofs =
        Set.of(new LayerProof(layer.digest(), layer.mediaType(), Digest.sha256(tar)));
    try (Store store = Store.open(tmp.resolve("store"))) {
      StoreState before = StoreState.of(store);
      assertThatThrownBy(() -> new ImageLoader(store).loadLayout(new DirectoryFiles(dir), proofs))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("unpacks to diff id " + Digest.sha256(tar))
          .hasMessageContaining("lists " + wrong);
      assertThat(StoreState.of(store)).isEqualTo(before);
    }
  }
}
