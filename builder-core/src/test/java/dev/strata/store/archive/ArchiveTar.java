package dev.strata.store.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar streams for tests, hostile ones included, with commons-compress. */
final class ArchiveTar {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  ArchiveTar() {
    tar = new TarArchiveOutputStream(bytes, 512, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  ArchiveTar dir(String name) {
    return entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755, null, null);
  }

  ArchiveTar file(String name, String content) {
    return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
  }

  ArchiveTar file(String name, int mode, byte[] content) {
    return entry(name, TarConstants.LF_NORMAL, mode, content, null);
  }

  ArchiveTar symlink(String name, String target) {
    return entry(name, TarConstants.LF_SYMLINK, 0777, null, target);
  }

  ArchiveTar hardlink(String name, String target) {
    return entry(name, TarConstants.LF_LINK, 0644, null, target);
  }

  ArchiveTar entry(String name, byte type, int mode, byte[] content, String link) {
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
    try {
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  byte[] tar() {
    try {
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
      // as the zstd tool and strata write it: with a content checksum
      z.setChecksum(true);
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A small but varied root filesystem. */
  static byte[] rootfs() {
    return new ArchiveTar()
        .dir("bin")
        .file("bin/tool", 04755, "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8))
        .symlink("bin/sh", "tool")
        .dir("etc")
        .file("etc/hostname", "strata\n")
        .hardlink("etc/hostname-link", "etc/hostname")
        .dir("var/empty")
        .tar();
  }
}
