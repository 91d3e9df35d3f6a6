package dev.strata.solver.copy;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Recognises what ADD extracts, by content and never by name, as docker does: a tar stream, plain
 * or compressed with gzip, bzip2, xz or zstd (told apart by their magic bytes), whose first header
 * block carries a valid tar checksum.
 */
final class ArchiveSniffer {
  private static final int BLOCK = 512;

  private ArchiveSniffer() {}

  /** The compressions ADD understands. */
  enum Compression {
    NONE,
    GZIP,
    BZIP2,
    XZ,
    ZSTD
  }

  /** The compression of {@code in} by its magic bytes; {@code in} must support mark. */
  static Compression detect(InputStream in) throws IOException {
    in.mark(8);
    byte[] m = in.readNBytes(6);
    in.reset();
    if (starts(m, 0x1f, 0x8b, 0x08)) {
      return Compression.GZIP;
    }
    if (starts(m, 'B', 'Z', 'h')) {
      return Compression.BZIP2;
    }
    if (starts(m, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return Compression.XZ;
    }
    if (starts(m, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /** {@code in} decompressed, whatever of the known compressions it uses. */
  static InputStream decompressed(InputStream raw) throws IOException {
    InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 65536);
    return switch (detect(in)) {
      case GZIP -> new GZIPInputStream(in, 65536);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> new XZCompressorInputStream(in, true);
      case ZSTD -> new ZstdInputStreamNoFinalizer(in);
      case NONE -> in;
    };
  }

  /**
   * Whether {@code in} is an archive ADD extracts. Unreadable compressed data and anything that is
   * not a tar header make it an ordinary file, never an error.
   */
  static boolean isArchive(InputStream in) {
    try {
      InputStream d = decompressed(in);
      byte[] block = d.readNBytes(BLOCK);
      return block.length == BLOCK && validHeader(block);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether {@code b} is a tar header with a valid checksum, as Go's archive/tar checks it: the
   * stored octal value equals the sum of the block's bytes (unsigned, or signed as some old tars
   * wrote it) with the checksum field counted as spaces. An all-zero block is the end of an empty
   * archive, which Go reports as no entry.
   */
  static boolean validHeader(byte[] b) {
    boolean zero = true;
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int v = (i >= 148 && i < 156) ? ' ' : b[i];
      if (b[i] != 0) {
        zero = false;
      }
      unsigned += v & 0xff;
      signed += (byte) v;
    }
    if (zero) {
      return false;
    }
    String field = new String(b, 148, 8, java.nio.charset.StandardCharsets.US_ASCII);
    field = field.replaceAll("^[ \\x00]+|[ \\x00]+$", "");
    if (field.isEmpty()) {
      return unsigned == 0 || signed == 0;
    }
    long stored;
    try {
      stored = Long.parseLong(field, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    return stored == unsigned || stored == signed;
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
