package dev.strata.store.archive;

import dev.strata.StrataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files of an archive being read, by their '/'-separated names inside it: an OCI layout
 * directory, a tar file read in place, or what a registry pull fetched. Names never reach outside
 * the archive.
 */
public interface ArchiveFiles extends Closeable {
  /** Whether a regular file called {@code name} is in the archive. */
  boolean exists(String name) throws IOException;

  /** The size of file {@code name}; throws a {@link StrataException} when it is missing. */
  long size(String name) throws IOException;

  /** The bytes of file {@code name}; throws a {@link StrataException} when it is missing. */
  InputStream open(String name) throws IOException;

  /** The archive's path, for messages. */
  String describe();

  /**
   * A JSON document of at most {@code limit} bytes; a larger one is refused before it is read, so
   * that a huge {@code index.json} costs no memory.
   */
  default byte[] document(String name, int limit) throws IOException {
    long size = size(name);
    if (size > limit) {
      throw new StrataException(
          name + " in " + describe() + " is " + size + " bytes, more than the limit of " + limit);
    }
    try (InputStream in = open(name)) {
      return in.readNBytes(limit + 1);
    }
  }

  default StrataException missing(String name) {
    return new StrataException(describe() + " has no file " + name);
  }
}
