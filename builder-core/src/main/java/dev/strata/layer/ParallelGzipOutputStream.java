package dev.strata.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on every core, as pigz does: the input is cut into fixed 128 KiB blocks, each deflated on
 * its own thread with the previous 32 KiB of input as preset dictionary and ended with a sync flush
 * (the last with a final block), and the pieces are written in order as one gzip member. The CRC-32
 * runs over the whole input on the writing thread.
 *
 * <p>Because the blocks are cut at fixed offsets, the output depends only on the input and the
 * level, not on the number of threads. {@link #flush()} does nothing (a sync flush at an arbitrary
 * point would make the bytes depend on when callers flush); {@link #finish()} ends the member
 * without closing the underlying stream, {@link #close()} also closes it.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  static final int BLOCK_SIZE = 128 * 1024;
  static final int DICTIONARY_SIZE = 32 * 1024;

  // gzip header: magic, deflate, no flags, mtime 0, no extra flags, OS unknown (as Go writes it).
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final OutputStream out;
  private final int level;
  private final int threads;
  private final CRC32 crc = new CRC32();
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private ExecutorService pool;
  private byte[] block = new byte[BLOCK_SIZE];
  private int fill;
  private byte[] dictionary;
  private long total;
  private boolean headerWritten;
  private boolean finished;
  private final byte[] single = new byte[1];

  /**
   * @param level deflate level 0-9
   * @param threads how many blocks may be deflated at once; 1 deflates on the calling thread
   */
  public ParallelGzipOutputStream(OutputStream out, int level, int threads) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 0-9: " + level);
    }
    this.out = out;
    this.level = level;
    this.threads = Math.max(1, threads);
  }

  @Override
  public void write(int b) throws IOException {
    single[0] = (byte) b;
    write(single, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    crc.update(b, off, len);
    total += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK_SIZE - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == BLOCK_SIZE) {
        submit(false);
      }
    }
  }

  /** Does nothing: see the class comment. */
  @Override
  public void flush() {}

  /** Writes the rest of the data and the gzip trailer, leaving the underlying stream open. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    try {
      submit(true);
      while (!pending.isEmpty()) {
        writeNext();
      }
      long c = crc.getValue();
      byte[] trailer = {
        (byte) c,
        (byte) (c >>> 8),
        (byte) (c >>> 16),
        (byte) (c >>> 24),
        (byte) total,
        (byte) (total >>> 8),
        (byte) (total >>> 16),
        (byte) (total >>> 24)
      };
      out.write(trailer);
      finished = true;
    } finally {
      shutdown();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  private void submit(boolean last) throws IOException {
    if (!headerWritten) {
      out.write(HEADER);
      headerWritten = true;
    }
    byte[] data = block;
    int length = fill;
    byte[] dict = dictionary;
    if (!last) {
      dictionary = Arrays.copyOfRange(data, length - DICTIONARY_SIZE, length);
      block = new byte[BLOCK_SIZE];
      fill = 0;
    }
    if (threads == 1) {
      out.write(deflate(data, length, dict, last, level));
      return;
    }
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, DAEMON_THREADS);
    }
    pending.add(pool.submit(() -> deflate(data, length, dict, last, level)));
    // Bound the memory in flight: a few blocks per thread are enough to keep every core busy.
    while (pending.size() > 2 * threads) {
      writeNext();
    }
  }

  private void writeNext() throws IOException {
    Future<byte[]> next = pending.poll();
    try {
      out.write(next.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("gzip compression failed", e.getCause());
    }
  }

  private void shutdown() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    pending.clear();
  }

  /**
   * Raw deflate of one block: sync-flushed so the next block starts on a byte boundary. A block
   * whose samples do not compress (random bytes, or data already compressed: jars, images,
   * archives) is stored rather than searched for matches that are not there, which costs most of
   * deflate's time and saves nothing; the choice depends only on the block's bytes.
   */
  static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last, int level) {
    Deflater deflater = new Deflater(incompressible(data, length) ? 0 : level, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(data, 0, length);
      if (last) {
        deflater.finish();
      }
      byte[] buf = new byte[length + (length >> 3) + 64];
      int pos = 0;
      while (true) {
        if (pos == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n =
            last
                ? deflater.deflate(buf, pos, buf.length - pos)
                : deflater.deflate(buf, pos, buf.length - pos, Deflater.SYNC_FLUSH);
        pos += n;
        boolean done = last ? deflater.finished() : pos < buf.length && deflater.needsInput();
        if (done) {
          return Arrays.copyOf(buf, pos);
        }
      }
    } finally {
      deflater.end();
    }
  }

  static final int SAMPLE = 4 * 1024;

  /**
   * Whether three samples of the block (its start, middle and end) fail to shrink by 3% at the
   * fastest level: a block that mixes such data with compressible data is compressed as usual.
   */
  static boolean incompressible(byte[] data, int length) {
    if (length < 4 * SAMPLE) {
      return false;
    }
    Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
    try {
      byte[] out = new byte[SAMPLE + 64];
      for (int offset : new int[] {0, length / 2 - SAMPLE / 2, length - SAMPLE}) {
        probe.reset();
        probe.setInput(data, offset, SAMPLE);
        probe.finish();
        int n = probe.deflate(out);
        if (probe.finished() && n < SAMPLE - SAMPLE / 32) {
          return false;
        }
      }
      return true;
    } finally {
      probe.end();
    }
  }

  private static final ThreadFactory DAEMON_THREADS =
      r -> {
        Thread t = new Thread(r, "strata-gzip");
        t.setDaemon(true);
        return t;
      };
}
