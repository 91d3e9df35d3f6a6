package dev.strata.store.archive;

import dev.strata.fs.Rootfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An OCI layout directory. Names are resolved inside the directory as if chrooted into it, so a
 * symlink planted in a layout cannot make strata read a file outside it.
 */
final class DirectoryFiles implements ArchiveFiles {
  private final Path root;

  DirectoryFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path file(String name) throws IOException {
    Path p = Rootfs.resolve(root, name);
    return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
  }

  @Override
  public boolean exists(String name) throws IOException {
    return file(name) != null;
  }

  @Override
  public long size(String name) throws IOException {
    Path p = file(name);
    if (p == null) {
      throw missing(name);
    }
    return Files.size(p);
  }

  @Override
  public InputStream open(String name) throws IOException {
    Path p = file(name);
    if (p == null) {
      throw missing(name);
    }
    return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {
    // nothing held open
  }
}
