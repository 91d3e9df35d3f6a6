package dev.strata.store;

import dev.strata.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small blobs held in memory with the store's verification: for documents read from outside (a
 * cache list, a manifest) that are used once and need not be kept, and for pushing bytes strata
 * made without storing them first. Anything larger than the limit is refused while it is written.
 */
public final class MemoryBlobs implements BlobSource, BlobSink {
  private final long limit;
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();

  /**
   * @param limit the largest blob accepted, in bytes
   */
  public MemoryBlobs(long limit) {
    this.limit = limit;
  }

  /** Holds {@code content} and describes it by digest. */
  public Digest add(byte[] content) {
    Digest d = Digest.sha256(content);
    blobs.put(d, content.clone());
    return d;
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    return new ByteArrayInputStream(bytes(digest));
  }

  @Override
  public boolean exists(Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public long size(Digest digest) throws IOException {
    return bytes(digest).length;
  }

  @Override
  public byte[] readAllBytes(Digest digest) throws IOException {
    return bytes(digest).clone();
  }

  private byte[] bytes(Digest digest) throws BlobNotFoundException {
    byte[] b = blobs.get(digest);
    if (b == null) {
      throw new BlobNotFoundException(digest, "memory");
    }
    return b;
  }

  @Override
  public Ingest ingest() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    OutputStream capped =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (buffer.size() + (long) len > limit) {
              throw new BlobVerificationException(
                  "blob is larger than the " + limit + " bytes allowed in memory");
            }
            buffer.write(b, off, len);
          }
        };
    return new Ingest() {
      @Override
      public OutputStream stream() {
        return capped;
      }

      @Override
      public long written() {
        return buffer.size();
      }

      @Override
      public Digest commit(long expectedSize, Digest expected) throws IOException {
        byte[] content = buffer.toByteArray();
        Digest actual = Digest.sha256(content);
        String what = "blob " + (expected != null ? expected : actual);
        if (expectedSize >= 0 && content.length != expectedSize) {
          throw new BlobVerificationException(
              what + ": expected " + expectedSize + " bytes, got " + content.length);
        }
        if (expected != null && !expected.equals(actual)) {
          throw new BlobVerificationException(
              what + ": content hashes to " + actual + " (" + content.length + " bytes)");
        }
        blobs.put(actual, content);
        return actual;
      }

      @Override
      public void close() {}
    };
  }
}
