package dev.strata.layer;

import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads a layer stream entry by entry, whatever its compression (detected by magic bytes), with
 * names made clean and relative, whiteouts recognised, and every {@link LayerLimits limit}
 * enforced. Anything malformed is a {@link LayerFormatException} naming the layer and the entry; an
 * entry whose name climbs out of the root with {@code ..} is one too.
 *
 * <p>Top-level AUFS bookkeeping ({@code .wh..wh.plnk/}, {@code .wh..wh.aufs}...) found in old
 * docker images is skipped, as docker does.
 *
 * <pre>{@code
 * try (LayerReader r = LayerReader.open(in, LayerLimits.DEFAULTS, "layer.tar.gz")) {
 *   for (LayerEntry e; (e = r.next()) != null; ) { ... r.content() ... }
 *   Digest diffId = r.finish();
 * }
 * }</pre>
 */
public final class LayerReader implements Closeable {
  private static final int MAX_PATH_BYTES = 4096;
  private static final int MAX_NAME_BYTES = 255;

  private final String source;
  private final LayerLimits limits;
  private final Compression compression;
  private final TarBytes tarBytes;
  private final GuardedTarInputStream tar;
  private final InputStream closeable;
  private long entries;
  private LayerEntry current;
  private String currentName;

  private LayerReader(InputStream in, LayerLimits limits, String source) {
    this.source = source;
    this.limits = limits;
    this.closeable = in;
    Compression.DecompressedStream d;
    try {
      d = Compression.decompress(in);
    } catch (IOException e) {
      throw new LayerFormatException(
          prefix() + "cannot read the compressed data: " + e.getMessage(), e);
    }
    this.compression = d.compression();
    this.tarBytes = new TarBytes(d);
    this.tar = new GuardedTarInputStream(tarBytes, limits.maxMetadataBytes());
  }

  /**
   * Opens a layer stream; {@code source} names it in error messages (a file name or digest, may be
   * null). Closing the reader closes {@code in}.
   */
  public static LayerReader open(InputStream in, LayerLimits limits, String source) {
    return new LayerReader(in, limits, source);
  }

  public static LayerReader open(InputStream in) {
    return open(in, LayerLimits.DEFAULTS, null);
  }

  /** Every entry of a layer, for listings and tests; the stream is read to its end. */
  public static List<LayerEntry> list(InputStream in) {
    try (LayerReader r = open(in)) {
      List<LayerEntry> all = new ArrayList<>();
      for (LayerEntry e; (e = r.next()) != null; ) {
        all.add(e);
      }
      r.finish();
      return all;
    }
  }

  /** The compression detected from the stream's first bytes. */
  public Compression compression() {
    return compression;
  }

  /** The next entry, or null after the last. */
  public LayerEntry next() {
    while (true) {
      TarArchiveEntry t;
      try {
        t = tar.nextEntry();
      } catch (IOException e) {
        throw corrupt(e);
      } catch (dev.strata.StrataException e) {
        throw e;
      } catch (RuntimeException e) {
        // commons-compress signals some malformed headers with unchecked exceptions
        throw corrupt(new IOException(e.getMessage(), e));
      }
      current = null;
      if (t == null) {
        return null;
      }
      currentName = t.getName();
      if (++entries > limits.maxEntries()) {
        throw format("more than " + limits.maxEntries() + " entries");
      }
      LayerEntry e = toEntry(t);
      if (e != null) {
        current = e;
        return e;
      }
    }
  }

  /**
   * The content of the current entry (a file's bytes; empty for others). Not to be closed early.
   */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (current == null || current.type() != LayerEntry.Type.FILE) {
          return -1;
        }
        try {
          return tar.read(b, off, len);
        } catch (IOException e) {
          throw corrupt(e);
        } catch (dev.strata.StrataException e) {
          throw e;
        } catch (RuntimeException e) {
          throw corrupt(new IOException(e.getMessage(), e));
        }
      }
    };
  }

  /**
   * Reads what is left of the stream (so that gzip's CRC and zstd's checksum are verified) and
   * returns the diffID: the sha256 of the whole uncompressed tar.
   */
  public Digest finish() {
    try {
      while (next() != null) {
        // entries not yet read are read and checked too
      }
      byte[] buf = new byte[64 * 1024];
      while (tarBytes.read(buf, 0, buf.length) >= 0) {
        // trailing padding after the end-of-archive marker
      }
    } catch (IOException e) {
      throw corrupt(e);
    }
    return Digest.of(tarBytes.sha256);
  }

  /** Uncompressed tar bytes read so far. */
  public long tarBytes() {
    return tarBytes.count;
  }

  @Override
  public void close() {
    try {
      closeable.close();
    } catch (IOException e) {
      // nothing was written; a failed close of an input loses nothing
    }
  }

  private LayerEntry toEntry(TarArchiveEntry t) {
    String raw = t.getName();
    String path = LayerPaths.normalizeEntryName(raw);
    if (path == null) {
      throw format("the name climbs out of the layer root with ..");
    }
    checkLength(path);
    String first = path.split("/", 2)[0];
    if (first.startsWith(Whiteouts.META_PREFIX) && !first.equals(Whiteouts.OPAQUE)) {
      return null; // AUFS bookkeeping at the top level
    }
    String parent = LayerPaths.parent(path);
    String base = LayerPaths.base(path);
    for (String part : parent.split("/")) {
      if (part.startsWith(Whiteouts.PREFIX)) {
        throw format("the entry lies inside a whiteout name (" + part + ")");
      }
    }
    Instant mtime = t.getLastModifiedTime().toInstant();
    int mode = t.getMode() & 07777;
    Map<String, byte[]> xattrs = xattrs(t);
    if (base.startsWith(Whiteouts.PREFIX)) {
      if (t.isDirectory()) {
        throw format("a whiteout must not be a directory");
      }
      if (base.equals(Whiteouts.OPAQUE)) {
        return new LayerEntry(
            parent, LayerEntry.Type.OPAQUE, mode, 0, 0, 0, mtime, null, 0, 0, Map.of());
      }
      if (base.startsWith(Whiteouts.META_PREFIX)) {
        throw format("unknown whiteout metadata " + base);
      }
      String name = base.substring(Whiteouts.PREFIX.length());
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw format("malformed whiteout " + base);
      }
      return new LayerEntry(
          LayerPaths.join(parent, name),
          LayerEntry.Type.WHITEOUT,
          mode,
          0,
          0,
          0,
          mtime,
          null,
          0,
          0,
          Map.of());
    }
    LayerEntry.Type type = type(t);
    long size = 0;
    String link = null;
    int major = 0;
    int minor = 0;
    switch (type) {
      case FILE:
        size = t.isSparse() ? t.getRealSize() : t.getSize();
        if (size > limits.maxEntryBytes()) {
          throw format(
              "a file of " + size + " bytes exceeds the limit of " + limits.maxEntryBytes());
        }
        break;
      case SYMLINK:
        link = t.getLinkName();
        if (link == null || link.isEmpty()) {
          throw format("a symlink with an empty target");
        }
        if (link.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
          throw format("the symlink target is longer than " + MAX_PATH_BYTES + " bytes");
        }
        break;
      case HARDLINK:
        link = t.getLinkName() == null ? null : LayerPaths.normalizeEntryName(t.getLinkName());
        if (link == null) {
          throw format("the hard link target " + t.getLinkName() + " climbs out of the layer root");
        }
        if (link.isEmpty()) {
          throw format("a hard link to the layer root");
        }
        checkLength(link);
        break;
      case CHAR_DEVICE:
      case BLOCK_DEVICE:
        major = t.getDevMajor();
        minor = t.getDevMinor();
        if (major < 0 || major > Syscalls.MAX_MAJOR || minor < 0 || minor > Syscalls.MAX_MINOR) {
          throw format("invalid device number " + major + "," + minor);
        }
        break;
      default:
        break;
    }
    if (path.isEmpty() && type != LayerEntry.Type.DIRECTORY) {
      throw format("the layer root must be a directory");
    }
    return new LayerEntry(
        path,
        type,
        mode,
        t.getLongUserId(),
        t.getLongGroupId(),
        size,
        mtime,
        link,
        major,
        minor,
        xattrs);
  }

  private LayerEntry.Type type(TarArchiveEntry t) {
    if (t.isDirectory()) {
      return LayerEntry.Type.DIRECTORY;
    }
    if (t.isSymbolicLink()) {
      return LayerEntry.Type.SYMLINK;
    }
    if (t.isLink()) {
      return LayerEntry.Type.HARDLINK;
    }
    if (t.isCharacterDevice()) {
      return LayerEntry.Type.CHAR_DEVICE;
    }
    if (t.isBlockDevice()) {
      return LayerEntry.Type.BLOCK_DEVICE;
    }
    if (t.isFIFO()) {
      return LayerEntry.Type.FIFO;
    }
    byte flag = t.getLinkFlag();
    if (flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG
        || t.isSparse()) {
      return LayerEntry.Type.FILE;
    }
    throw format("unsupported tar entry type '" + (char) flag + "'");
  }

  private Map<String, byte[]> xattrs(TarArchiveEntry t) {
    Map<String, byte[]> raw = tar.xattrs();
    Map<String, String> text = t.getExtraPaxHeaders();
    if (raw.isEmpty() && text.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> x = new TreeMap<>(LayerPaths.BYTE_ORDER);
    // Global PAX headers reach us only as text; the entry's own header keeps its bytes.
    for (Map.Entry<String, String> h : text.entrySet()) {
      if (h.getKey().startsWith("SCHILY.xattr.") && h.getKey().length() > 13) {
        x.put(h.getKey().substring(13), h.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    x.putAll(raw);
    return x;
  }

  private void checkLength(String path) {
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw format("the path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    for (String part : path.split("/")) {
      if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw format("a name is longer than " + MAX_NAME_BYTES + " bytes");
      }
    }
  }

  private String prefix() {
    return "invalid layer" + (source == null ? "" : " " + source) + ": ";
  }

  private LayerFormatException format(String reason) {
    String where = currentName == null ? "" : "entry '" + printable(currentName) + "': ";
    return new LayerFormatException(prefix() + where + reason);
  }

  private LayerFormatException corrupt(IOException e) {
    if (e instanceof GuardedTarInputStream.LimitException) {
      return new LayerFormatException(prefix() + e.getMessage(), e);
    }
    String what =
        switch (compression) {
          case GZIP -> "corrupt or truncated gzip/tar data";
          case ZSTD -> "corrupt or truncated zstd/tar data";
          case NONE -> "corrupt or truncated tar data";
        };
    String where = currentName == null ? "" : " (after entry '" + printable(currentName) + "')";
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new LayerFormatException(prefix() + what + where + ": " + oneLine(detail), e);
  }

  private static String printable(String s) {
    String p = oneLine(s);
    return p.length() > 200 ? p.substring(0, 200) + "..." : p;
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t\\x00-\\x1f]", "?");
  }

  /** The uncompressed tar bytes: counted against the limit and hashed into the diffID. */
  private final class TarBytes extends InputStream {
    private final InputStream in;
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;

    TarBytes(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > limits.maxTarBytes()) {
          throw new LayerFormatException(
              prefix() + "the layer expands to more than " + limits.maxTarBytes() + " bytes");
        }
        sha256.update(b, off, n);
      }
      return n;
    }

    /** Skips by reading, so that skipped bytes are hashed and counted too. */
    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
      long left = n;
      while (left > 0) {
        int r = read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          break;
        }
        left -= r;
      }
      return n - left;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
