package dev.strata.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** How a layer's tar is compressed, with the OCI media type each gives. */
public enum Compression {
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd"),
  NONE("application/vnd.oci.image.layer.v1.tar");

  /** zstd's default level, which is also what BuildKit and containerd use. */
  public static final int ZSTD_DEFAULT_LEVEL = 3;

  private static final int BUFFER = 64 * 1024;

  private final String mediaType;

  Compression(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The OCI layer media type for this compression. */
  public String mediaType() {
    return mediaType;
  }

  /** The default, as for docker and BuildKit. */
  public static Compression defaultCompression() {
    return GZIP;
  }

  /**
   * The compression a layer media type names: OCI and Docker (v2 schema 2) layer types, including
   * non-distributable ones. Throws a {@link LayerFormatException} for anything else.
   */
  public static Compression fromMediaType(String mediaType) {
    String m = mediaType.toLowerCase(Locale.ROOT);
    if (m.endsWith("+gzip") || m.endsWith(".tar.gzip")) {
      return GZIP;
    }
    if (m.endsWith("+zstd") || m.endsWith(".tar.zstd")) {
      return ZSTD;
    }
    if (m.endsWith(".tar") || m.endsWith("layer.v1.tar")) {
      return NONE;
    }
    throw new LayerFormatException("not a layer media type: " + mediaType);
  }

  /** Parses a user's word for a compression: gzip, zstd, none (or uncompressed). */
  public static Compression parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "gzip":
        return GZIP;
      case "zstd":
        return ZSTD;
      case "none":
      case "uncompressed":
        return NONE;
      default:
        throw new dev.strata.StrataException(
            "unknown compression '" + name + "': use gzip, zstd or none");
    }
  }

  /**
   * Detects the compression of {@code in} by its magic bytes (gzip 1f 8b, zstd 28 b5 2f fd;
   * anything else is taken as plain tar) without consuming them; {@code in} must support mark.
   */
  public static Compression detect(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("detect needs a stream that supports mark");
    }
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** A stream of {@code in}'s bytes decompressed, whatever their compression (detected). */
  public static DecompressedStream decompress(InputStream in) throws IOException {
    BufferedInputStream buffered =
        in instanceof BufferedInputStream
            ? (BufferedInputStream) in
            : new BufferedInputStream(in, BUFFER);
    Compression c = detect(buffered);
    return new DecompressedStream(c, c.decompressor(buffered));
  }

  /** A decompressing view of {@code in}, which must be compressed with this compression. */
  public InputStream decompressor(InputStream in) throws IOException {
    switch (this) {
      case GZIP:
        return new GZIPInputStream(in, BUFFER);
      case ZSTD:
        return new ZstdInputStreamNoFinalizer(in);
      default:
        return in;
    }
  }

  /**
   * A compressing stream writing to {@code out}; closing it finishes the compressed data and closes
   * {@code out}. {@code level} -1 means the compression's default; {@code threads} is how many
   * cores it may use. The output does not depend on {@code threads}: gzip cuts segments by content,
   * zstd always runs in its multi-threaded mode (at least one worker), whose output is the same for
   * any worker count.
   */
  public OutputStream compressor(OutputStream out, int level, int threads) throws IOException {
    return compressor(out, level, threads, SegmentSource.NONE);
  }

  /** As above; gzip takes the segments {@code reuse} has instead of deflating them again. */
  public OutputStream compressor(OutputStream out, int level, int threads, SegmentSource reuse)
      throws IOException {
    switch (this) {
      case GZIP:
        return new ParallelGzipOutputStream(out, level < 0 ? 6 : level, threads, reuse);
      case ZSTD:
        ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out);
        z.setLevel(level < 0 ? ZSTD_DEFAULT_LEVEL : level);
        z.setChecksum(true);
        z.setWorkers(Math.max(1, threads));
        return z;
      default:
        return out;
    }
  }

  /** A decompressed stream with the compression that was detected. */
  public static final class DecompressedStream extends java.io.FilterInputStream {
    private final Compression compression;

    DecompressedStream(Compression compression, InputStream in) {
      super(in);
      this.compression = compression;
    }

    public Compression compression() {
      return compression;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }
}
