package dev.strata.layer;

import dev.strata.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes on while computing their sha256 and count, so that a layer's diffID and blob digest
 * come out of the one pass that writes it.
 */
final class HashingOutputStream extends OutputStream {
  private final OutputStream out;
  private final MessageDigest sha256 = Digest.newSha256();
  private final boolean propagateFlush;
  private final boolean closeUnderlying;
  private long count;
  private boolean closed;

  /**
   * @param propagateFlush whether {@link #flush()} reaches {@code out}; not for a compressor whose
   *     output would change with the flush points
   * @param closeUnderlying whether {@link #close()} closes {@code out} or only flushes it (a
   *     caller's stream stays open)
   */
  HashingOutputStream(OutputStream out, boolean propagateFlush, boolean closeUnderlying) {
    this.out = out;
    this.propagateFlush = propagateFlush;
    this.closeUnderlying = closeUnderlying;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    if (propagateFlush) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (closeUnderlying) {
      out.close();
    } else {
      out.flush();
    }
  }

  /** The digest of everything written; call once, after the last write. */
  Digest digest() {
    return Digest.of(sha256);
  }

  long count() {
    return count;
  }
}
