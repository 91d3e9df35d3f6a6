package dev.strata.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Hand-made layer tarballs for driver tests: any entry, whiteouts included, fixed metadata. */
final class TarLayer {
  static final long MTIME_MILLIS = 1_600_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  TarLayer() {
    tar = new TarArchiveOutputStream(bytes, 512, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TarLayer dir(String name) {
    return dir(name, 0755);
  }

  TarLayer dir(String name, int mode) {
    return put(entry(name + "/", TarConstants.LF_DIR, mode, 0), null);
  }

  TarLayer file(String name, String content) {
    return file(name, 0644, content);
  }

  TarLayer file(String name, int mode, String content) {
    byte[] c = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, c.length);
    return put(e, c);
  }

  /** A file owned by {@code uid:gid} with an extended attribute. */
  TarLayer file(String name, String content, int uid, int gid, String xattr, String value) {
    byte[] c = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0640, c.length);
    e.setUserId(uid);
    e.setGroupId(gid);
    if (xattr != null) {
      e.addPaxHeader("SCHILY.xattr." + xattr, value);
    }
    return put(e, c);
  }

  TarLayer symlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, 0);
    e.setLinkName(target);
    return put(e, null);
  }

  TarLayer hardlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644, 0);
    e.setLinkName(target);
    return put(e, null);
  }

  TarLayer charDevice(String name, int major, int minor) {
    TarArchiveEntry e = entry(name, TarConstants.LF_CHR, 0666, 0);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, null);
  }

  TarLayer fifo(String name) {
    return put(entry(name, TarConstants.LF_FIFO, 0644, 0), null);
  }

  /** {@code .wh.NAME} next to NAME. */
  TarLayer whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String name =
        slash < 0
            ? ".wh." + path
            : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    return put(entry(name, TarConstants.LF_NORMAL, 0, 0), new byte[0]);
  }

  /** {@code DIR/.wh..wh..opq}. */
  TarLayer opaque(String dir) {
    return put(entry(dir + "/.wh..wh..opq", TarConstants.LF_NORMAL, 0, 0), new byte[0]);
  }

  private static TarArchiveEntry entry(String name, byte type, int mode, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(mode);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(MTIME_MILLIS);
    e.setSize(size);
    return e;
  }

  private TarLayer put(TarArchiveEntry e, byte[] content) {
    try {
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  byte[] bytes() {
    try {
      tar.close();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return bytes.toByteArray();
  }
}
