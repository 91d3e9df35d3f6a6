package dev.strata.layer;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Encodes {@link TarHeader}s with commons-compress, adding a PAX extended header only where a value
 * does not fit ustar: a name or link target of 100 bytes or more or with non-ASCII characters, a
 * size of 8 GiB or more, an id above 2097151, an mtime before 1970 or past 2242, or extended
 * attributes ({@code SCHILY.xattr.NAME}). Records are sorted by key.
 *
 * <p>strata builds the PAX records itself because commons-compress encodes PAX values as UTF-8
 * text, which would corrupt binary attribute values such as {@code security.capability}; the ustar
 * part that follows is then guaranteed to need nothing more (long-name and big-number handling of
 * commons-compress are set to fail, or to write base-256, as a safety net).
 */
final class TarEntryWriter implements Closeable {
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final long MAX_OCTAL_ID = 07777777L;
  private static final int NAME_FIELD = 100;

  private final TarArchiveOutputStream tar;
  private final byte[] buffer = new byte[128 * 1024];

  TarEntryWriter(OutputStream out) {
    tar = new TarArchiveOutputStream(out, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
    tar.setAddPaxHeadersForNonAsciiNames(false);
  }

  /** Writes one entry; {@code content} gives exactly {@code header.size()} bytes, or is null. */
  void write(TarHeader h, InputStream content, String source) throws IOException {
    Map<String, byte[]> pax = paxRecords(h);
    if (!pax.isEmpty()) {
      byte[] data = encodePax(pax);
      TarArchiveEntry x =
          entry(
              ustarName("PaxHeaders.0/" + LayerPaths.base(stripSlash(h.name()))),
              TarConstants.LF_PAX_EXTENDED_HEADER_LC);
      x.setMode(0644);
      x.setSize(data.length);
      x.setLastModifiedTime(FileTime.from(0, TimeUnit.SECONDS));
      tar.putArchiveEntry(x);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    TarArchiveEntry e = entry(ustarName(h.name()), h.type());
    e.setMode(h.mode() & 07777);
    e.setUserId(h.uid());
    e.setGroupId(h.gid());
    e.setSize(h.size());
    e.setLastModifiedTime(FileTime.from(h.mtime(), TimeUnit.SECONDS));
    if (h.linkName() != null) {
      e.setLinkName(ustarName(h.linkName()));
    }
    e.setDevMajor(h.devMajor());
    e.setDevMinor(h.devMinor());
    tar.putArchiveEntry(e);
    if (content != null) {
      copyExactly(content, h.size(), source);
    }
    tar.closeArchiveEntry();
  }

  /** Writes the end-of-archive marker; the underlying stream stays open. */
  void finish() throws IOException {
    tar.finish();
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  private void copyExactly(InputStream in, long size, String source) throws IOException {
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException(source + " shrank while it was being written into the layer");
      }
      tar.write(buffer, 0, n);
      left -= n;
    }
    if (in.read() >= 0) {
      throw new IOException(source + " grew while it was being written into the layer");
    }
  }

  private static TarArchiveEntry entry(String name, byte type) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  static Map<String, byte[]> paxRecords(TarHeader h) {
    Map<String, byte[]> pax = new TreeMap<>(LayerPaths.BYTE_ORDER);
    if (needsPax(h.name())) {
      pax.put("path", h.name().getBytes(StandardCharsets.UTF_8));
    }
    if (h.linkName() != null && needsPax(h.linkName())) {
      pax.put("linkpath", h.linkName().getBytes(StandardCharsets.UTF_8));
    }
    if (h.size() > MAX_OCTAL_SIZE) {
      pax.put("size", ascii(h.size()));
    }
    if (h.uid() > MAX_OCTAL_ID || h.uid() < 0) {
      pax.put("uid", ascii(h.uid()));
    }
    if (h.gid() > MAX_OCTAL_ID || h.gid() < 0) {
      pax.put("gid", ascii(h.gid()));
    }
    if (h.mtime() < 0 || h.mtime() > MAX_OCTAL_SIZE) {
      pax.put("mtime", ascii(h.mtime()));
    }
    if (h.xattrs() != null) {
      for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
        pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
      }
    }
    return pax;
  }

  /** PAX records {@code "LEN key=value\n"}, LEN counting the whole record including itself. */
  static byte[] encodePax(Map<String, byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
      int rest = key.length + r.getValue().length + 3; // ' ', '=', '\n'
      int len = rest + Integer.toString(rest).length();
      if (Integer.toString(len).length() != Integer.toString(rest).length()) {
        len++;
      }
      out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
      out.writeBytes(key);
      out.write('=');
      out.writeBytes(r.getValue());
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static boolean needsPax(String s) {
    return s.length() >= NAME_FIELD || !isAscii(s) || utf8Length(s) >= NAME_FIELD;
  }

  /** What goes in a 100-byte ustar field: ASCII, shorter than the field (PAX holds the truth). */
  private static String ustarName(String s) {
    if (!needsPax(s)) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < NAME_FIELD - 1; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c > 0x7e ? '_' : c);
    }
    return b.toString();
  }

  private static String stripSlash(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
