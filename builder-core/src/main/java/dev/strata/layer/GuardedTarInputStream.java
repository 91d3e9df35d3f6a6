package dev.strata.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * commons-compress's tar reader with three guards it lacks: every header's checksum is verified; a
 * PAX or GNU long-name header larger than the limit is refused before it is read into memory; and a
 * stream that ends without the end-of-archive marker is an error, not a quiet end.
 *
 * <p>It also keeps the raw bytes of each entry's PAX header, because commons-compress decodes PAX
 * values as UTF-8 text, which corrupts binary extended attribute values.
 */
final class GuardedTarInputStream extends TarArchiveInputStream {
  private static final int TYPE_OFFSET = 156;
  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;

  private final long maxMetadataBytes;
  private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
  private boolean capturing;
  private boolean sawZeroRecord;

  GuardedTarInputStream(InputStream in, long maxMetadataBytes) {
    super(in, TarConstants.DEFAULT_RCDSIZE, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    this.maxMetadataBytes = maxMetadataBytes;
  }

  /** The next entry, with the raw PAX records that preceded it available from {@link #xattrs}. */
  TarArchiveEntry nextEntry() throws IOException {
    pax.reset();
    capturing = false;
    return getNextEntry();
  }

  /** Extended attributes from the current entry's PAX header, values byte for byte. */
  Map<String, byte[]> xattrs() {
    Map<String, byte[]> x = new TreeMap<>(LayerPaths.BYTE_ORDER);
    byte[] data = pax.toByteArray();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      int len = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9' && len < 1 << 24) {
        len = len * 10 + (data[space] - '0');
        space++;
      }
      if (space >= data.length || data[space] != ' ' || len <= 0 || pos + len > data.length) {
        break;
      }
      int end = pos + len - 1; // the record's '\n'
      int eq = space + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      if (eq >= end) {
        break;
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      if (key.startsWith("SCHILY.xattr.") && key.length() > "SCHILY.xattr.".length()) {
        byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end);
        x.put(key.substring("SCHILY.xattr.".length()), value);
      }
      pos += len;
    }
    return x;
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    if (sawZeroRecord) {
      return record; // past the end-of-archive marker: padding
    }
    if (record == null) {
      throw new IOException("unexpected end of data: the tar has no end-of-archive marker");
    }
    if (isZero(record)) {
      sawZeroRecord = true;
      return record;
    }
    boolean checksumOk;
    try {
      checksumOk = TarUtils.verifyCheckSum(record);
    } catch (IllegalArgumentException e) {
      checksumOk = false;
    }
    if (!checksumOk) {
      throw new IOException("tar header checksum mismatch");
    }
    byte type = record[TYPE_OFFSET];
    boolean metadata =
        type == TarConstants.LF_PAX_EXTENDED_HEADER_LC
            || type == TarConstants.LF_PAX_EXTENDED_HEADER_UC
            || type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER
            || type == TarConstants.LF_GNUTYPE_LONGNAME
            || type == TarConstants.LF_GNUTYPE_LONGLINK;
    if (metadata) {
      long size;
      try {
        size = TarUtils.parseOctalOrBinary(record, SIZE_OFFSET, SIZE_LENGTH);
      } catch (IllegalArgumentException e) {
        throw new IOException("invalid size in a tar header", e);
      }
      if (size > maxMetadataBytes || size < 0) {
        throw new LimitException(
            "a "
                + (type == TarConstants.LF_GNUTYPE_LONGNAME
                        || type == TarConstants.LF_GNUTYPE_LONGLINK
                    ? "GNU long-name"
                    : "PAX")
                + " header of "
                + size
                + " bytes exceeds the limit of "
                + maxMetadataBytes);
      }
    }
    capturing =
        type == TarConstants.LF_PAX_EXTENDED_HEADER_LC
            || type == TarConstants.LF_PAX_EXTENDED_HEADER_UC;
    if (capturing) {
      pax.reset();
    }
    return record;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (capturing && n > 0) {
      pax.write(buf, off, n);
    }
    return n;
  }

  /** A limit was exceeded: the tar may be well formed, strata refuses it all the same. */
  static final class LimitException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
      super(message);
    }
  }

  private static boolean isZero(byte[] record) {
    for (byte b : record) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
