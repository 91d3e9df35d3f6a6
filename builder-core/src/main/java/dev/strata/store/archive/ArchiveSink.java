package dev.strata.store.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Where a save writes its files: a directory, or a tar stream. Names are '/'-separated. */
interface ArchiveSink extends Closeable {
  void directory(String name) throws IOException;

  void file(String name, byte[] content) throws IOException;

  /** Writes exactly {@code size} bytes from {@code content}. */
  void file(String name, long size, InputStream content) throws IOException;
}
