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
  private final ArrayDeque<Future<Deflated>> pending = new ArrayDeque<>();
  // Input blocks and output buffers whose block is written, for the next blocks: a layer of
  // 100 MB would otherwise allocate three buffers per 128 KiB block, and its collections cost as
  // much as the copying.
  private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
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
      block = freeBlocks.isEmpty() ? new byte[BLOCK_SIZE] : freeBlocks.pop();
      fill = 0;
    }
    Output output = new Output(freeOutputs.isEmpty() ? null : freeOutputs.pop(), length);
    if (threads == 1) {
      emit(new Deflated(data, deflate(data, length, dict, last, level, output)));
      return;
    }
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, DAEMON_THREADS);
    }
    pending.add(
        pool.submit(() -> new Deflated(data, deflate(data, length, dict, last, level, output))));
    // Bound the memory in flight: a few blocks per thread are enough to keep every core busy.
    while (pending.size() > 2 * threads) {
      writeNext();
    }
  }

  private void writeNext() throws IOException {
    Future<Deflated> next = pending.poll();
    try {
      emit(next.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("gzip compression failed", e.getCause());
    }
  }

  /** One block's input and its deflated bytes. */
  private record Deflated(byte[] input, Output output) {}

  private void emit(Deflated d) throws IOException {
    out.write(d.output().buf, 0, d.output().pos);
    freeOutputs.push(d.output().buf);
    if (d.input().length == BLOCK_SIZE) {
      freeBlocks.push(d.input());
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
   * Raw deflate of one block: sync-flushed so the next block starts on a byte boundary. Each {@link
   * #SEGMENT}-byte segment whose bytes look random (random data, or data already compressed: jars,
   * images, archives) is stored rather than searched for matches that are not there, which costs
   * most of deflate's time and saves nothing. Deciding per segment rather than per block keeps a
   * block that mixes small compressed and text files from being searched whole. The choice depends
   * only on the segment's bytes, so the output still depends only on input and level.
   */
  private static Output deflate(
      byte[] data, int length, byte[] dictionary, boolean last, int level, Output out) {
    int[] counts = new int[256];
    int current = levelFor(data, 0, Math.min(SEGMENT, length), level, counts);
    Deflater deflater = new Deflater(current, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      for (int off = 0; ; off += SEGMENT) {
        int n = Math.min(SEGMENT, length - off);
        int wanted = off == 0 ? current : levelFor(data, off, n, level, counts);
        if (wanted != current) {
          // With no input pending, the new level applies from the next segment on (zlib would
          // compress input already given with the old level).
          deflater.setInput(data, off, 0);
          deflater.setLevel(wanted);
          out.drain(deflater, Deflater.NO_FLUSH, () -> true);
          current = wanted;
        }
        deflater.setInput(data, off, n);
        if (off + n < length) {
          out.drain(deflater, Deflater.NO_FLUSH, deflater::needsInput);
        } else if (last) {
          deflater.finish();
          out.drain(deflater, Deflater.NO_FLUSH, deflater::finished);
          return out;
        } else {
          out.drain(deflater, Deflater.SYNC_FLUSH, deflater::needsInput);
          return out;
        }
      }
    } finally {
      deflater.end();
    }
  }

  private static int levelFor(byte[] data, int off, int n, int level, int[] counts) {
    return random(data, off, n, counts) ? 0 : level;
  }

  /** A growing buffer that deflate output is drained into. */
  private static final class Output {
    private byte[] buf;
    private int pos;

    /** Drains into {@code reused} if given, else into a new buffer sized for {@code length}. */
    Output(byte[] reused, int length) {
      buf = reused != null ? reused : new byte[length + (length >> 3) + 64];
    }

    /**
     * Calls deflate until {@code done} holds after a call that left room in the buffer (a full
     * buffer may mean more output is waiting).
     */
    void drain(Deflater deflater, int flush, java.util.function.BooleanSupplier done) {
      while (true) {
        if (buf.length - pos < 64) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos += deflater.deflate(buf, pos, buf.length - pos, flush);
        if (pos < buf.length && done.getAsBoolean()) {
          return;
        }
      }
    }
  }

  /**
   * 1 KiB: a tar stream of small files puts a file boundary into many segments, and a segment
   * mixing a random file's tail with a text file's head is deflated whole; the smaller the segment,
   * the fewer random bytes deflate searches in vain (4 KiB segments cost a third more CPU on the
   * benchmark's mix of 20 KiB text and random files).
   */
  static final int SEGMENT = 1024;

  /**
   * The entropy, in bits a byte, above which a segment counts as random. An empirical histogram of
   * 1 KiB of uniform random bytes measures about 7.82 bits (a sample of 1,024 cannot show all 256
   * values evenly); text, code and machine code stay far below (4 to 6.5 bits).
   */
  static final double RANDOM_BITS = 7.7;

  private static final double LN_2 = StrictMath.log(2);

  /** {@code c * ln(c)} for every count a segment can hold, so the entropy needs no logarithms. */
  private static final double[] C_LN_C = new double[SEGMENT + 1];

  static {
    for (int c = 1; c <= SEGMENT; c++) {
      C_LN_C[c] = c * StrictMath.log(c);
    }
  }

  /**
   * Whether the byte histogram of the full segment {@code data[off, off+n)} has an entropy above
   * {@link #RANDOM_BITS}: random or compressed data, which deflate cannot shrink by more than about
   * 1%. A shorter tail segment is never random. The sum runs in one order over a table made with
   * StrictMath, so the decision, and with it the output, is the same on every machine.
   */
  static boolean random(byte[] data, int off, int n) {
    return random(data, off, n, new int[256]);
  }

  private static boolean random(byte[] data, int off, int n, int[] counts) {
    if (n < SEGMENT) {
      return false;
    }
    Arrays.fill(counts, 0);
    for (int i = off; i < off + n; i++) {
      counts[data[i] & 0xff]++;
    }
    double sumCLnC = 0;
    for (int c : counts) {
      sumCLnC += C_LN_C[c];
    }
    // H = log2(n) - sum(c log2 c) / n
    return (C_LN_C[n] - sumCLnC) / n / LN_2 > RANDOM_BITS;
  }

  private static final ThreadFactory DAEMON_THREADS =
      r -> {
        Thread t = new Thread(r, "strata-gzip");
        t.setDaemon(true);
        return t;
      };
}
