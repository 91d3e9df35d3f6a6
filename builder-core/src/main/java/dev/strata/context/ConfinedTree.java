package dev.strata.context;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Opens directories and files of the context one name at a time from the root's file descriptor,
 * never following a symbolic link, so that a link (even one swapped in while strata runs) can never
 * make it read outside the context.
 */
final class ConfinedTree {
  private final Path root;

  ConfinedTree(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  SecureDirectoryStream<Path> openRoot() throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      return sds;
    }
    ds.close();
    throw new IOException(
        "the file system of " + root + " cannot open files relative to a directory");
  }

  /** The directory at {@code rel} ("" is the root); every element must be a real directory. */
  SecureDirectoryStream<Path> openDir(String rel) throws IOException {
    SecureDirectoryStream<Path> dir = openRoot();
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

  /** Opens the regular file at {@code rel} for reading. */
  SeekableByteChannel openFile(String rel) throws IOException {
    int slash = rel.lastIndexOf('/');
    try (SecureDirectoryStream<Path> dir = openDir(slash < 0 ? "" : rel.substring(0, slash))) {
      return dir.newByteChannel(
          Path.of(rel.substring(slash + 1)),
          Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }
  }
}
