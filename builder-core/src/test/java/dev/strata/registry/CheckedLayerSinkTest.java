package dev.strata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.MediaTypes;
import dev.strata.store.BlobVerificationException;
import dev.strata.store.Ingest;
import dev.strata.store.MemoryBlobs;
import dev.strata.store.archive.LayerProof;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class CheckedLayerSinkTest {
  final byte[] tar = tar();
  final byte[] blob = gzip(tar);
  final Descriptor layer =
      new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(blob), blob.length);
  final MemoryBlobs store = new MemoryBlobs(16 << 20);
  final Set<LayerProof> proofs = ConcurrentHashMap.newKeySet();

  static byte[] tar() {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      byte[] content = new byte[1 << 20];
      new Random(3).nextBytes(content);
      TarArchiveEntry e = new TarArchiveEntry("data.bin");
      e.setSize(content.length);
      t.putArchiveEntry(e);
      t.write(content);
      t.closeArchiveEntry();
      t.finish();
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  CheckedLayerSink sink(Digest diffId) {
    return new CheckedLayerSink(store, layer, diffId, " of test", proofs::add);
  }

  @Test
  void aGoodLayerIsCommittedAndProven() throws IOException {
    try (Ingest ingest = sink(Digest.sha256(tar)).ingest()) {
      ingest.stream().write(blob, 0, 1000);
      ingest.stream().write(blob, 1000, blob.length - 1000);
      assertThat(ingest.written()).isEqualTo(blob.length);
      assertThat(ingest.commit(blob.length, layer.digest())).isEqualTo(layer.digest());
    }
    assertThat(store.exists(layer.digest())).isTrue();
    assertThat(proofs)
        .containsExactly(new LayerProof(layer.digest(), layer.mediaType(), Digest.sha256(tar)));
  }

  @Test
  void aWrongDiffIdFailsTheCommitAndProvesNothing() throws IOException {
    Digest wrong = Digest.sha256("other");
    try (Ingest ingest = sink(wrong).ingest()) {
      ingest.stream().write(blob);
      assertThatThrownBy(() -> ingest.commit(blob.length, layer.digest()))
          .isInstanceOf(StrataException.class)
          .hasMessage(
              "layer "
                  + layer.digest()
                  + " of test unpacks to diff id "
                  + Digest.sha256(tar)
                  + ", but the image config lists "
                  + wrong);
    }
    assertThat(proofs).isEmpty();
  }

  @Test
  void bytesThatAreNotTheBlobAreReportedAsSuchRatherThanAsABadLayer() throws IOException {
    byte[] wrong = blob.clone();
    wrong[wrong.length / 2] ^= 1; // breaks the gzip CRC too
    try (Ingest ingest = sink(Digest.sha256(tar)).ingest()) {
      ingest.stream().write(wrong);
      assertThatThrownBy(() -> ingest.commit(blob.length, layer.digest()))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("content hashes to");
    }
    assertThat(store.exists(layer.digest())).isFalse();
    assertThat(proofs).isEmpty();
  }

  @Test
  void anIngestClosedUncommittedLeavesNothing() throws IOException {
    try (Ingest ingest = sink(Digest.sha256(tar)).ingest()) {
      ingest.stream().write(blob, 0, blob.length / 2);
    }
    assertThat(store.exists(layer.digest())).isFalse();
    assertThat(proofs).isEmpty();
  }
}
