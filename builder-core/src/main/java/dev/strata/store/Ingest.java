package dev.strata.store;

import dev.strata.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One blob being written: bytes go to {@link #stream()} (hashed as they pass), then {@link #commit}
 * verifies and publishes them. Closing without committing, or a failed commit, removes the staged
 * bytes; nothing partial is ever visible under {@code blobs/}.
 */
public interface Ingest extends Closeable {
  /** Where the blob's bytes go. Do not close it; commit or close the ingest instead. */
  OutputStream stream();

  /** Bytes written so far. */
  long written();

  /**
   * Verifies that exactly {@code expectedSize} bytes (ignored when negative) hashing to {@code
   * expected} (ignored when null) were written, fsyncs, and renames the blob into the store.
   * Returns the digest of what was written. On a mismatch throws {@link BlobVerificationException}
   * and discards the bytes.
   */
  Digest commit(long expectedSize, Digest expected) throws IOException;

  /** Aborts unless committed. */
  @Override
  void close() throws IOException;
}
