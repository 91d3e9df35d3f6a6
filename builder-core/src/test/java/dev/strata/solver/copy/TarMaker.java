package dev.strata.solver.copy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds tar archives for ADD tests, in any compression ADD reads. */
final class TarMaker {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;
  private Instant mtime = Instant.parse("2020-05-06T07:08:09Z");

  TarMaker() {
    tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TarMaker mtime(Instant t) {
    mtime = t;
    return this;
  }

  TarMaker dir(String name, int mode) {
    return entry(
        name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, null, null, 0, 0);
  }

  TarMaker file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  TarMaker file(String name, String content, int mode, int uid, int gid) {
    return entry(
        name,
        TarConstants.LF_NORMAL,
        mode,
        content.getBytes(StandardCharsets.UTF_8),
        null,
        uid,
        gid);
  }

  TarMaker symlink(String name, String target) {
    return entry(name, TarConstants.LF_SYMLINK, 0777, null, target, 0, 0);
  }

  TarMaker hardlink(String name, String target) {
    return entry(name, TarConstants.LF_LINK, 0644, null, target, 0, 0);
  }

  private TarMaker entry(
      String name, byte type, int mode, byte[] content, String link, int uid, int gid) {
    try {
      TarArchiveEntry e = new TarArchiveEntry(name, type, true);
      e.setMode(mode);
      e.setModTime(Date.from(mtime));
      e.setUserId(uid);
      e.setGroupId(gid);
      if (link != null) {
        e.setLinkName(link);
      }
      e.setSize(content == null ? 0 : content.length);
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  byte[] bytes() {
    try {
      tar.finish();
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] data) {
    return compress(data, GZIPOutputStream::new);
  }

  static byte[] bzip2(byte[] data) {
    return compress(data, BZip2CompressorOutputStream::new);
  }

  static byte[] xz(byte[] data) {
    return compress(data, XZCompressorOutputStream::new);
  }

  static byte[] zstd(byte[] data) {
    return compress(data, ZstdOutputStream::new);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor c) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream z = c.wrap(out)) {
        z.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
