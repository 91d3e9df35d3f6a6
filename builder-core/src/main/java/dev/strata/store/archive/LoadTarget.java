package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a load writes: the store's blob sink, with a count of the blobs it added, so that a failed
 * load knows whether there is anything for the collector to take back.
 */
final class LoadTarget {
  private final Store store;
  private int added;

  LoadTarget(Store store) {
    this.store = store;
  }

  Store store() {
    return store;
  }

  int added() {
    return added;
  }

  /**
   * Copies archive file {@code name} into the store unless blob {@code expected} is already there,
   * verifying size and digest as it streams.
   */
  void copy(ArchiveFiles files, String name, Digest expected, long size) throws IOException {
    if (store.blobs().exists(expected)) {
      return;
    }
    if (!files.exists(name)) {
      throw new StrataException(
          files.describe() + " has no file " + name + " for blob " + expected);
    }
    try (InputStream in = files.open(name)) {
      store.blobs().put(in, expected, size);
    }
    added++;
  }

  /** Copies archive file {@code name}, whose digest is not known beforehand. */
  Digest copy(ArchiveFiles files, String name) throws IOException {
    long size = files.size(name);
    try (InputStream in = files.open(name)) {
      Digest d = store.blobs().put(in, null, size);
      added++;
      return d;
    }
  }

  /** Stores a document whose bytes are in memory (and were verified if they came from outside). */
  Descriptor put(String mediaType, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    if (!store.blobs().exists(d)) {
      store.blobs().put(content, d);
      added++;
    }
    return new Descriptor(mediaType, d, content.length);
  }
}
