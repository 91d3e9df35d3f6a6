package dev.strata.solver.copy;

import dev.strata.fs.Syscalls;
import dev.strata.fs.Xattrs;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes an earlier file into a snapshot ({@link EarlierFiles}: a hard link or a move) when it is
 * what the copy would write: a regular file at the same path with the same size, mode, owner,
 * modification time (to the nanosecond), copied extended attributes and bytes. That allocates no
 * inode and writes no data, which is most of what a rebuild's COPY of a large tree costs when only
 * one file changed.
 *
 * <p>Anything short of certainty copies instead: a missing or different file, a directory on the
 * way that is a symbolic link (never followed, in either tree), an earlier file already taken for
 * another path of this copy (which would make the two one file in the new layer), or a link or move
 * the file system refuses (too many links, another device). Safe to call from several threads.
 */
final class FileTaker {
  private static final String STAT = "unix:mode,uid,gid,size,lastModifiedTime,ino,dev";
  private static final int CHUNK = 64 * 1024;

  // Direct, so that reads land in them without the JDK's copy through a temporary direct buffer;
  // one pair per copying thread rather than per file.
  private static final ThreadLocal<ByteBuffer[]> BUFFERS =
      ThreadLocal.withInitial(
          () ->
              new ByteBuffer[] {
                ByteBuffer.allocateDirect(CHUNK), ByteBuffer.allocateDirect(CHUNK)
              });

  private final EarlierFiles earlier;
  private final Map<String, Boolean> directories = new ConcurrentHashMap<>();
  private final Set<List<Object>> inodes = ConcurrentHashMap.newKeySet();
  private final AtomicLong taken = new AtomicLong();

  FileTaker(EarlierFiles earlier) {
    this.earlier = earlier;
  }

  /** How many files were taken. */
  long taken() {
    return taken.get();
  }

  /**
   * Takes the earlier file at {@code rel} (relative to the rootfs, in a directory the copy made)
   * into the snapshot if it is exactly what copying {@code e} with the given owner and mode makes;
   * returns whether it did. Nothing is written when it does not.
   *
   * @param xattrSource the source file whose extended attributes the copy would take, or null
   * @param content opens the source's bytes
   */
  boolean take(
      SourceEntry e,
      String rel,
      int uid,
      int gid,
      int mode,
      Path xattrSource,
      ContentOpener content)
      throws IOException {
    int slash = rel.lastIndexOf('/');
    if (!realDirectory(slash < 0 ? "" : rel.substring(0, slash))) {
      return false;
    }
    Path file = earlier.files().resolve(rel);
    try {
      if (!identical(e, file, uid, gid, mode, xattrSource, content)) {
        return false;
      }
    } catch (IOException unreadable) {
      return false; // gone, or unreadable: the copy reads the source itself and says what failed
    }
    Path to = earlier.target().resolve(rel);
    try {
      if (earlier.take() == EarlierFiles.Take.LINK) {
        Files.createLink(to, file);
      } else {
        Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (java.nio.file.FileSystemException refused) {
      // EMLINK, EXDEV, an earlier layer collected meanwhile: the caller copies instead.
      return false;
    }
    taken.incrementAndGet();
    return true;
  }

  /**
   * Whether {@code file} is what copying {@code e} makes, and its inode is not taken yet for
   * another path of this copy.
   */
  private boolean identical(
      SourceEntry e, Path file, int uid, int gid, int mode, Path xattrSource, ContentOpener content)
      throws IOException {
    Map<String, Object> a = Files.readAttributes(file, STAT, LinkOption.NOFOLLOW_LINKS);
    int m = (Integer) a.get("mode");
    if ((m & Syscalls.S_IFMT) != Syscalls.S_IFREG
        || (Long) a.get("size") != e.size()
        || (m & 07777) != (mode & 07777)
        || (Integer) a.get("uid") != uid
        || (Integer) a.get("gid") != gid
        || !((FileTime) a.get("lastModifiedTime")).toInstant().equals(e.mtime())) {
      return false;
    }
    // The earlier file's own attributes count in full (bar its SELinux label, a host matter):
    // overlay's bookkeeping on a lower file, say, would change what a mount shows.
    Map<String, String> copied =
        xattrSource == null ? Map.of() : Xattrs.of(xattrSource, LayerWriter::exported);
    return copied.equals(Xattrs.of(file, name -> !name.equals("security.selinux")))
        && sameBytes(content, file, e.size())
        && inodes.add(List.of(a.get("dev"), a.get("ino")));
  }

  /** Opens the bytes a copy would write. */
  interface ContentOpener {
    SeekableByteChannel open() throws IOException;
  }

  /**
   * Whether directory {@code rel} is reached without a symbolic link in the earlier files and in
   * the target alike: neither tree may lead a link, a move or a read elsewhere.
   */
  private boolean realDirectory(String rel) {
    return directories.computeIfAbsent(
        rel, r -> isReal(earlier.files(), r) && isReal(earlier.target(), r));
  }

  private static boolean isReal(Path root, String rel) {
    try {
      Path dir = root.resolve(rel);
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          && dir.toRealPath().equals(root.toRealPath().resolve(rel));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean sameBytes(ContentOpener content, Path file, long size) throws IOException {
    ByteBuffer[] buffers = BUFFERS.get();
    ByteBuffer a = buffers[0];
    ByteBuffer b = buffers[1];
    try (SeekableByteChannel in = content.open();
        FileChannel other =
            FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long seen = 0;
      while (true) {
        int n = fill(in, a.clear());
        if (n < 0) {
          // Both ended, and the source has not grown since it was listed.
          return fill(other, b.clear().limit(1)) < 0 && seen == size;
        }
        if (fill(other, b.clear().limit(n)) != n || !a.flip().equals(b.flip())) {
          return false;
        }
        seen += n;
      }
    }
  }

  /** Reads until {@code buf} is full or the channel ends; -1 when it had already ended. */
  private static int fill(SeekableByteChannel in, ByteBuffer buf) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = in.read(buf);
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
    }
    return total;
  }
}
