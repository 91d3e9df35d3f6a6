package dev.strata.solver.copy;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Opens files below a root one name at a time from the root's directory descriptor, never following
 * a symbolic link, so that no link (not even one swapped in while strata reads) makes a copy read
 * outside its source.
 */
final class ConfinedFiles {
  private ConfinedFiles() {}

  /** Opens regular file {@code rel} (clean, relative, non-empty) below {@code root}. */
  static SeekableByteChannel open(Path root, String rel) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (!(ds instanceof SecureDirectoryStream<Path> dir)) {
      ds.close();
      throw new IOException(
          "the file system of " + root + " cannot open files relative to a directory");
    }
    String[] parts = rel.split("/");
    try {
      for (int i = 0; i < parts.length - 1; i++) {
        SecureDirectoryStream<Path> child =
            dir.newDirectoryStream(Path.of(parts[i]), LinkOption.NOFOLLOW_LINKS);
        dir.close();
        dir = child;
      }
      return dir.newByteChannel(
          Path.of(parts[parts.length - 1]),
          Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    } finally {
      dir.close();
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
