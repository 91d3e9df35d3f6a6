package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bombs, oversized headers, too many entries, and broken streams: each one clean line. */
class LayerLimitsTest {
  @TempDir Path tmp;

  private Path target() throws IOException {
    return Files.createDirectories(tmp.resolve("rootfs"));
  }

  private void refused(byte[] layer, LayerLimits limits, String messageStart) throws IOException {
    Path root = target();
    assertThatThrownBy(
            () -> Layers.apply(layer, root, LayerApplier.Options.defaults().withLimits(limits)))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** A tar holding one file of {@code size} zero bytes, gzipped as it is written. */
  private static byte[] gzipOfZeros(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(out), 512, "UTF-8")) {
      TarArchiveEntry e = new TarArchiveEntry("zeros");
      e.setSize(size);
      tar.putArchiveEntry(e);
      byte[] chunk = new byte[1 << 20];
      for (long left = size; left > 0; left -= chunk.length) {
        tar.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  @Test
  void gzipBombStopsAtTheDecompressedLimit() throws IOException {
    byte[] bomb = gzipOfZeros(64L << 20);
    assertThat(bomb.length).isLessThan(100_000);
    refused(
        bomb,
        LayerLimits.DEFAULTS.withMaxTarBytes(16L << 20),
        "invalid layer: the layer expands to more than 16777216 bytes");
  }

  @Test
  void fileLargerThanTheEntryLimitIsRefusedAtItsHeader() throws IOException {
    refused(
        gzipOfZeros(8L << 20),
        LayerLimits.DEFAULTS.withMaxEntryBytes(1L << 20),
        "invalid layer: entry 'zeros': a file of 8388608 bytes exceeds the limit of 1048576");
  }

  @Test
  void paxHeaderOf100MegabytesIsRefusedBeforeItIsRead() throws IOException {
    Path layer = tmp.resolve("pax-bomb.tar");
    long size = 100L << 20;
    try (OutputStream file = Files.newOutputStream(layer);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file, 512, "UTF-8")) {
      TarArchiveEntry x =
          new TarArchiveEntry("PaxHeaders.0/f", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
      x.setSize(size);
      tar.putArchiveEntry(x);
      String prefix = size + " path=";
      tar.write(prefix.getBytes(StandardCharsets.US_ASCII));
      byte[] a = new byte[1 << 20];
      Arrays.fill(a, (byte) 'a');
      long left = size - prefix.length() - 1;
      for (; left > 0; left -= a.length) {
        tar.write(a, 0, (int) Math.min(a.length, left));
      }
      tar.write('\n');
      tar.closeArchiveEntry();
      tar.putArchiveEntry(new TarArchiveEntry("f"));
      tar.closeArchiveEntry();
    }
    assertThat(Files.size(layer)).isGreaterThan(size);
    Path root = target();
    try (InputStream in = Files.newInputStream(layer)) {
      assertThatThrownBy(() -> new LayerApplier().apply(in, root, "pax-bomb.tar"))
          .isInstanceOf(LayerFormatException.class)
          .hasMessage(
              "invalid layer pax-bomb.tar: a PAX header of 104857600 bytes exceeds the limit of 1048576");
    }
  }

  @Test
  void gnuLongNameOverTheLimitIsRefused() throws IOException {
    TarBuilder b = new TarBuilder();
    TarArchiveEntry l =
        new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, true);
    byte[] name = new byte[4096];
    Arrays.fill(name, (byte) 'n');
    l.setSize(name.length);
    b.put(l, name);
    refused(
        b.file("short", "x").tar(),
        LayerLimits.DEFAULTS.withMaxMetadataBytes(1024),
        "invalid layer: a GNU long-name header of 4096 bytes exceeds the limit of 1024");
  }

  @Test
  void hugeEntryCountIsRefused() throws IOException {
    TarBuilder b = new TarBuilder();
    for (int i = 0; i < 5000; i++) {
      b.file("f" + i, "");
    }
    refused(
        b.gzip(),
        LayerLimits.DEFAULTS.withMaxEntries(4000),
        "invalid layer: entry 'f4000': more than 4000 entries");
  }

  private static byte[] sample() {
    TarBuilder b = new TarBuilder();
    for (int i = 0; i < 50; i++) {
      b.file("dir/file" + i, ("content of file " + i + "\n").repeat(200));
    }
    return b.tar();
  }

  @Test
  void truncatedGzipIsACleanError() throws IOException {
    byte[] gz = TarBuilder.gzip(sample());
    refused(
        Arrays.copyOf(gz, gz.length / 2),
        LayerLimits.DEFAULTS,
        "invalid layer: corrupt or truncated gzip/tar data");
  }

  @Test
  void corruptGzipIsACleanError() throws IOException {
    byte[] gz = TarBuilder.gzip(sample());
    for (int i = gz.length / 3; i < gz.length / 3 + 40; i++) {
      gz[i] ^= 0x5a;
    }
    refused(gz, LayerLimits.DEFAULTS, "invalid layer: corrupt or truncated gzip/tar data");
  }

  @Test
  void gzipWithAWrongCrcIsCaughtAtTheEnd() throws IOException {
    byte[] gz = TarBuilder.gzip(sample());
    gz[gz.length - 6] ^= 1; // CRC-32 in the trailer
    refused(gz, LayerLimits.DEFAULTS, "invalid layer: corrupt or truncated gzip/tar data");
  }

  @Test
  void truncatedZstdIsACleanError() throws IOException {
    byte[] z = TarBuilder.zstd(sample());
    refused(
        Arrays.copyOf(z, z.length - 20),
        LayerLimits.DEFAULTS,
        "invalid layer: corrupt or truncated zstd/tar data");
  }

  @Test
  void corruptZstdIsACleanError() throws IOException {
    byte[] z = TarBuilder.zstd(sample());
    for (int i = z.length / 2; i < z.length / 2 + 16; i++) {
      z[i] ^= 0x33;
    }
    refused(z, LayerLimits.DEFAULTS, "invalid layer: corrupt or truncated zstd/tar data");
  }

  @Test
  void tarCutAtAHeaderWithoutTheEndMarkerIsAnError() throws IOException {
    byte[] tar = sample();
    refused(
        Arrays.copyOf(tar, 512 * 10),
        LayerLimits.DEFAULTS,
        "invalid layer: corrupt or truncated tar data");
  }

  @Test
  void tarCutInsideAFileIsAnError() throws IOException {
    byte[] tar = sample();
    refused(
        Arrays.copyOf(tar, 512 * 3 + 100),
        LayerLimits.DEFAULTS,
        "invalid layer: corrupt or truncated tar data");
  }

  @Test
  void headerWithABadChecksumIsAnError() throws IOException {
    byte[] tar = sample();
    tar[10] ^= 1;
    refused(
        tar,
        LayerLimits.DEFAULTS,
        "invalid layer: corrupt or truncated tar data: tar header checksum mismatch");
  }

  @Test
  void randomBytesAreAnError() throws IOException {
    byte[] junk = new byte[10_000];
    new java.util.Random(7).nextBytes(junk);
    refused(junk, LayerLimits.DEFAULTS, "invalid layer: corrupt or truncated tar data");
  }

  @Test
  void emptyStreamIsAnError() throws IOException {
    refused(new byte[0], LayerLimits.DEFAULTS, "invalid layer: corrupt or truncated tar data");
  }
}
