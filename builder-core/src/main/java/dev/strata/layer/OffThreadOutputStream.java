package dev.strata.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to another stream on a thread of its own, in chunks and in order, so that
 * the writer reading the next file of a layer overlaps the hashing and compressing of the last one.
 * The bytes {@code out} receives are exactly those written. A failure of {@code out} is thrown by
 * the next write, or by {@link #close()}, which waits for every chunk to be written and then closes
 * {@code out}. {@link #flush()} does nothing: where a compressor sits below, its output must not
 * depend on when callers flush.
 */
final class OffThreadOutputStream extends OutputStream {
  static final int CHUNK = 256 * 1024;
  private static final Chunk END = new Chunk(new byte[0], -1);

  private record Chunk(byte[] data, int length) {}

  private final OutputStream out;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(4);
  // Chunks the other thread has written, for reuse: no allocation per 256 KiB written.
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(6);
  private final Thread thread;
  private volatile Throwable failure;
  private byte[] chunk = new byte[CHUNK];
  private int fill;
  private boolean closed;

  OffThreadOutputStream(OutputStream out) {
    this.out = out;
    this.thread = new Thread(this::drain, "strata-layer-stream");
    thread.setDaemon(true);
    thread.start();
  }

  private void drain() {
    try {
      for (Chunk c = queue.take(); c != END; c = queue.take()) {
        if (failure == null) {
          out.write(c.data(), 0, c.length());
          free.offer(c.data());
        }
      }
    } catch (InterruptedException e) {
      failure = failure != null ? failure : new InterruptedIOException("interrupted");
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      // Keep taking chunks so that the writer is never blocked on a full queue.
      try {
        while (queue.take() != END) {
          // discarded: the stream has failed
        }
      } catch (InterruptedException interrupted) {
        // the writer gave up too
      }
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (len > 0) {
      int n = Math.min(len, CHUNK - fill);
      System.arraycopy(b, off, chunk, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == CHUNK) {
        pass();
      }
    }
  }

  private void pass() throws IOException {
    rethrow();
    put(new Chunk(chunk, fill));
    byte[] reused = free.poll();
    chunk = reused != null ? reused : new byte[CHUNK];
    fill = 0;
  }

  private void put(Chunk c) throws IOException {
    try {
      queue.put(c);
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a layer");
    }
  }

  /** Does nothing: see the class comment. */
  @Override
  public void flush() {}

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (fill > 0 && failure == null) {
        put(new Chunk(chunk, fill));
      }
      put(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        thread.interrupt();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing a layer");
      }
      rethrow();
    } finally {
      if (!thread.isAlive()) {
        out.close();
      }
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof UncheckedIOException e) {
      throw e.getCause();
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) t;
  }
}
