package dev.strata.solver.copy;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens files below a root one name at a time from the root's directory descriptor, never following
 * a symbolic link, so that no link (not even one swapped in while strata reads) makes a copy read
 * outside its source.
 */
final class ConfinedFiles {
  private ConfinedFiles() {}

  private static final Set<OpenOption> READ =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  /** Opens regular file {@code rel} (clean, relative, non-empty) below {@code root}. */
  static SeekableByteChannel open(Path root, String rel) throws IOException {
    int slash = rel.lastIndexOf('/');
    try (SecureDirectoryStream<Path> dir =
        directory(root, slash < 0 ? "" : rel.substring(0, slash))) {
      return dir.newByteChannel(Path.of(rel.substring(slash + 1)), READ);
    }
  }

  /** Opens directory {@code rel} ("" for the root itself) below {@code root}, name by name. */
  private static SecureDirectoryStream<Path> directory(Path root, String rel) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (!(ds instanceof SecureDirectoryStream<Path> dir)) {
      ds.close();
      throw new IOException(
          "the file system of " + root + " cannot open files relative to a directory");
    }
    if (rel.isEmpty()) {
      return dir;
    }
    try {
      for (String name : rel.split("/")) {
        SecureDirectoryStream<Path> child =
            dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        dir.close();
        dir = child;
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /**
   * Opens many files below one root for a copy: each thread keeps the directory of its last file
   * open, so a copy walking a tree in order opens each directory about once per thread rather than
   * every directory on the path for every file (about a sixth of a 5,000-file COPY went there).
   * Each directory is still reached name by name without following links. Close it after the last
   * open.
   */
  static final class Opener implements AutoCloseable {
    private record Held(String rel, SecureDirectoryStream<Path> dir) {}

    private final Path root;
    private final Map<Thread, Held> held = new ConcurrentHashMap<>();

    Opener(Path root) {
      this.root = root;
    }

    SeekableByteChannel open(String rel) throws IOException {
      int slash = rel.lastIndexOf('/');
      String parent = slash < 0 ? "" : rel.substring(0, slash);
      Held h = held.get(Thread.currentThread());
      if (h == null || !h.rel().equals(parent)) {
        SecureDirectoryStream<Path> dir = directory(root, parent);
        if (h != null) {
          h.dir().close();
        }
        h = new Held(parent, dir);
        held.put(Thread.currentThread(), h);
      }
      return h.dir().newByteChannel(Path.of(rel.substring(slash + 1)), READ);
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (Held h : held.values()) {
        try {
          h.dir().close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      held.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  /** The sha256 of regular file {@code rel} below {@code root}. */
  static Digest digest(Path root, String rel) throws IOException {
    MessageDigest md = Digest.newSha256();
    try (SeekableByteChannel in = open(root, rel)) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (in.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return Digest.of(md);
  }
}
