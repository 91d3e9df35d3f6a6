package dev.strata.layer;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds arbitrary, even hostile, tar streams for tests, with commons-compress. */
final class TarBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  TarBuilder() {
    tar = new TarArchiveOutputStream(bytes, 512, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TarBuilder dir(String name) {
    return entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755, null, null);
  }

  TarBuilder file(String name, String content) {
    return entry(
        name, TarConstants.LF_NORMAL, 0644, content.getBytes(StandardCharsets.UTF_8), null);
  }

  TarBuilder file(String name, int mode, String content) {
    return entry(
        name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), null);
  }

  TarBuilder symlink(String name, String target) {
    return entry(name, TarConstants.LF_SYMLINK, 0777, null, target);
  }

  TarBuilder hardlink(String name, String target) {
    return entry(name, TarConstants.LF_LINK, 0644, null, target);
  }

  TarBuilder whiteout(String name) {
    return entry(name, TarConstants.LF_NORMAL, 0, new byte[0], null);
  }

  TarBuilder device(String name, byte type, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(0600);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, null);
  }

  TarBuilder entry(String name, byte type, int mode, byte[] content, String link) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(mode);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(1_600_000_000_000L);
    if (link != null) {
      e.setLinkName(link);
    }
    if (content != null) {
      e.setSize(content.length);
    }
    return put(e, content);
  }

  TarBuilder put(TarArchiveEntry e, byte[] content) {
    try {
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

  byte[] tar() {
    try {
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] gzip() {
    return gzip(tar());
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] zstd(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
