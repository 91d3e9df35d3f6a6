package dev.strata.store.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes files into a fresh staging directory that nothing else uses. */
final class DirectorySink implements ArchiveSink {
  private final Path root;

  DirectorySink(Path root) {
    this.root = root;
  }

  @Override
  public void directory(String name) throws IOException {
    Files.createDirectories(root.resolve(name));
  }

  @Override
  public void file(String name, byte[] content) throws IOException {
    Files.write(root.resolve(name), content, StandardOpenOption.CREATE_NEW);
  }

  @Override
  public void file(String name, long size, InputStream content) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(root.resolve(name), StandardOpenOption.CREATE_NEW)) {
      long copied = content.transferTo(out);
      if (copied != size) {
        throw new IOException(name + ": expected " + size + " bytes, read " + copied);
      }
    }
  }

  @Override
  public void close() {
    // files are closed as they are written
  }
}
