package dev.strata.store.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tar stream with normalized headers (owner 0:0, no user or group names, mtime 0, modes
 * 0644 and 0755), so the same images give the same archive bytes.
 */
final class TarSink implements ArchiveSink {
  private final TarArchiveOutputStream tar;

  TarSink(OutputStream out) {
    tar = new TarArchiveOutputStream(out, 512, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  private static TarArchiveEntry entry(String name, byte type, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(mode);
    e.setIds(0, 0);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(0);
    return e;
  }

  @Override
  public void directory(String name) throws IOException {
    tar.putArchiveEntry(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755));
    tar.closeArchiveEntry();
  }

  @Override
  public void file(String name, byte[] content) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  @Override
  public void file(String name, long size, InputStream content) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
    e.setSize(size);
    tar.putArchiveEntry(e);
    byte[] buf = new byte[128 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException(name + ": ended " + left + " bytes early");
      }
      tar.write(buf, 0, n);
      left -= n;
    }
    tar.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
