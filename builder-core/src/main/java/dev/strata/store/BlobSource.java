package dev.strata.store;

import dev.strata.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads committed blobs by digest (containerd's provider). Every blob a source returns is complete
 * and was verified against its digest when it was committed; no lock is needed to read.
 */
public interface BlobSource {
  /** Opens the blob; throws {@link BlobNotFoundException} when it is not in the store. */
  InputStream open(Digest digest) throws IOException;

  boolean exists(Digest digest);

  /** The blob's size in bytes; throws {@link BlobNotFoundException} when it is not there. */
  long size(Digest digest) throws IOException;

  /** The whole blob in memory: for manifests, configs and indexes, not for layers. */
  default byte[] readAllBytes(Digest digest) throws IOException {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    }
  }
}
