package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.Descriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes blobs (containerd's ingester). There is one way in: {@link #ingest()} streams into the
 * store's staging area while hashing, and {@link Ingest#commit} verifies size and digest before the
 * blob appears under {@code blobs/} in a single atomic rename. The conveniences below are built on
 * it.
 */
public interface BlobSink {
  /** Starts writing one blob. Commit it, or close it to abort. */
  Ingest ingest() throws IOException;

  /**
   * Copies {@code in} into the store and commits it, verifying it against {@code expected} and
   * {@code expectedSize} (pass null / -1 for content strata produced itself). Throws {@link
   * BlobVerificationException} on a mismatch, leaving nothing behind.
   */
  default Digest put(InputStream in, Digest expected, long expectedSize) throws IOException {
    try (Ingest ingest = ingest()) {
      in.transferTo(ingest.stream());
      return ingest.commit(expectedSize, expected);
    }
  }

  /** Stores {@code content} (a config, manifest or index strata made) and describes it. */
  default Descriptor put(String mediaType, byte[] content) throws IOException {
    Digest d = put(new ByteArrayInputStream(content), null, content.length);
    return new Descriptor(mediaType, d, content.length);
  }

  /** Stores bytes that must hash to {@code expected} (a manifest fetched by digest, say). */
  default Digest put(byte[] content, Digest expected) throws IOException {
    return put(new ByteArrayInputStream(content), expected, content.length);
  }
}
