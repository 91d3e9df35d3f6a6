package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LayerCheck} of a layer blob run on its own thread while the blob's bytes are written (by
 * a download, say): what goes to {@link #stream()} is handed over in chunks, so that decompressing
 * and hashing the tar overlaps with the transfer instead of following it. {@link #finish()} ends
 * the input and returns the {@link LayerProof}, or throws what the check found. {@link #close()}
 * abandons the check.
 */
public final class StreamedLayerCheck implements Closeable {
  private static final byte[] END = new byte[0];
  // 64 chunks of the writer's buffer (64 KiB from a download): a few MiB in flight at most.
  private static final int QUEUE = 64;

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE);
  private final CompletableFuture<LayerProof> result = new CompletableFuture<>();
  private final Thread thread;
  private final OutputStream stream = new Feed();
  private volatile boolean abandoned;
  private boolean ended;

  private StreamedLayerCheck(Digest digest, String mediaType, Digest diffId, String where) {
    LayerProof proof = new LayerProof(digest, mediaType, diffId);
    this.thread =
        new Thread(
            () -> {
              try (InputStream in = new Drain()) {
                LayerCheck.verify(in, digest, mediaType, diffId, where);
                result.complete(proof);
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "strata-layer-check");
    thread.setDaemon(true);
  }

  /**
   * Starts checking that the bytes to come are layer {@code digest} of media type {@code mediaType}
   * and unpack to {@code diffId}; {@code where} ends the messages, as in {@link LayerCheck}.
   */
  public static StreamedLayerCheck start(
      Digest digest, String mediaType, Digest diffId, String where) {
    StreamedLayerCheck check = new StreamedLayerCheck(digest, mediaType, diffId, where);
    check.thread.start();
    return check;
  }

  /** Where the blob's bytes go, in order. Writes never fail; the check reports at the end. */
  public OutputStream stream() {
    return stream;
  }

  /**
   * Ends the input and waits for the check: its proof, or the {@link StrataException} (or {@link
   * IOException}) that the layer failed with.
   */
  public LayerProof finish() throws IOException {
    if (abandoned) {
      throw new IOException("layer check abandoned");
    }
    if (!ended) {
      ended = true;
      hand(END);
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted while checking a layer");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Abandons the check (the bytes were not all written): its thread stops at its next read. */
  @Override
  public void close() {
    if (!result.isDone()) {
      abandoned = true;
      chunks.clear();
      chunks.offer(END);
    }
  }

  /** Queues a chunk; once the check has ended (it may stop reading early), chunks are dropped. */
  private void hand(byte[] chunk) throws InterruptedIOException {
    try {
      while (!result.isDone() && !abandoned) {
        if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing a layer to its check");
    }
  }

  private final class Feed extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0 && !ended) {
        hand(Arrays.copyOfRange(b, off, off + len));
      }
    }
  }

  /** The check's side: the chunks in order, then the end. */
  private final class Drain extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean end;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos == chunk.length) {
        if (end) {
          return -1;
        }
        try {
          chunk = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("layer check interrupted");
        }
        pos = 0;
        if (abandoned) {
          throw new IOException("layer check abandoned");
        }
        end = chunk == END;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
