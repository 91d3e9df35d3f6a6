package dev.strata.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * gzip on every core, in segments that a later layer can reuse. The input is cut into segments at
 * points chosen by content, each segment is deflated on its own thread with no history before it
 * and ended with a sync flush, and the pieces are written in order as one gzip member, ended by an
 * empty final block (what {@code pigz --independent} writes). The CRC-32 runs over the whole input
 * on the writing thread.
 *
 * <p>Cut points fall between 512-byte blocks, where a tar stream's entries start: after a block
 * whose hash has its top {@link #CUT_BITS} bits clear, once the segment has {@link #MIN_SEGMENT}
 * bytes, or at {@link #MAX_SEGMENT}. Because a cut depends only on the block before it, a change to
 * one file moves no cut outside the segments around it, and every other segment has the bytes it
 * had in the layer before: the {@link SegmentSource} gives their compressed bytes, found by the
 * CRC-32C and size of their input, and only the changed segments are deflated. A segment's
 * compressed bytes depend only on its input and the level, so the output is the same whether
 * segments are reused or not, and whatever the number of threads. {@link #segments()} tells where
 * each segment went.
 *
 * <p>{@link #flush()} does nothing (a sync flush at an arbitrary point would make the bytes depend
 * on when callers flush); {@link #finish()} ends the member without closing the underlying stream,
 * {@link #close()} also closes it.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  static final int BLOCK = 512;

  /**
   * 256 KiB: enough input for deflate to find its matches (a segment starts with no history), few
   * enough bytes to deflate again when one file in the segment changes.
   */
  static final int MIN_SEGMENT = 256 * 1024;

  /** 2 MiB: what a segment holds at most, so that a large file still spreads over every core. */
  static final int MAX_SEGMENT = 2 * 1024 * 1024;

  /** After {@link #MIN_SEGMENT}, one block in 2^8 ends a segment: 384 KiB a segment on average. */
  static final int CUT_BITS = 8;

  // gzip header: magic, deflate, no flags, mtime 0, no extra flags, OS unknown (as Go writes it).
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  // A final fixed-Huffman block with no data: ends the deflate stream after the last sync flush.
  private static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final OutputStream out;
  private final int level;
  private final int deflater;
  private final int threads;
  private final SegmentSource reuse;
  private final CRC32 crc = new CRC32();
  private final ArrayDeque<Future<Piece>> pending = new ArrayDeque<>();
  private final List<SegmentTable.Segment> table = new ArrayList<>();
  // Segment and output buffers whose segment is written, for the next segments: a layer of 100 MB
  // would otherwise allocate two buffers per segment, and its collections cost as much as the
  // copying.
  private final ArrayDeque<byte[]> freeSegments = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
  private ExecutorService pool;
  private byte[] segment = new byte[INITIAL_BUFFER];
  private int fill;
  private int scanned;
  private long total;
  private long position = HEADER.length;
  private boolean headerWritten;
  private boolean finished;
  private final byte[] single = new byte[1];

  /**
   * @param level deflate level 0-9
   * @param threads how many segments may be deflated at once; 1 deflates on the calling thread
   */
  public ParallelGzipOutputStream(OutputStream out, int level, int threads) {
    this(out, level, threads, SegmentSource.NONE);
  }

  /** As above, taking the compressed bytes of segments {@code reuse} has instead of deflating. */
  public ParallelGzipOutputStream(OutputStream out, int level, int threads, SegmentSource reuse) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 0-9: " + level);
    }
    this.out = out;
    this.level = level;
    this.deflater = deflater(level);
    this.threads = Math.max(1, threads);
    this.reuse = reuse;
  }

  private static final int[] DEFLATERS = new int[10];

  /** Bump when {@link #deflate} changes how it compresses a segment's bytes. */
  private static final int FORMAT = 1;

  /** A segment buffer to begin with: most segments fit; a larger one grows, up to the maximum. */
  private static final int INITIAL_BUFFER = MIN_SEGMENT * 2;

  /**
   * What this JDK's zlib makes of a fixed sample of text and random bytes at {@code level}: reused
   * segments must be the bytes deflating would give here, and a zlib that compresses differently
   * (another version, another level) gives another value.
   */
  public static synchronized int deflater(int level) {
    if (DEFLATERS[level] == 0) {
      // Words with repeats near and far, which the levels match differently, then random bytes.
      byte[] sample = new byte[64 * WINDOW];
      java.util.Random r = new java.util.Random(42);
      for (int i = 0; i < sample.length / 2; ) {
        byte[] word =
            Integer.toString(r.nextInt(1 << (4 + r.nextInt(12))), 36)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int j = 0; j < word.length && i < sample.length / 2; j++) {
          sample[i++] = word[j];
        }
        sample[i++ % (sample.length / 2)] = ' ';
      }
      for (int i = sample.length / 2; i < sample.length; i++) {
        sample[i] = (byte) r.nextInt();
      }
      Output o = deflate(sample, sample.length, level, new Output(null, sample.length));
      CRC32 crc = new CRC32();
      // Two levels may deflate the sample alike and the rest of a layer not; so may two versions of
      // the way deflate() stores random windows.
      crc.update(
          (level + " " + FORMAT + " " + WINDOW + " " + RANDOM_BITS)
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      crc.update(o.buf, 0, o.pos);
      // Never 0, which marks a value not yet computed.
      DEFLATERS[level] = (int) crc.getValue() | 1;
    }
    return DEFLATERS[level];
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
      int n = Math.min(len, MAX_SEGMENT - fill);
      if (segment.length < fill + n) {
        segment = Arrays.copyOf(segment, Math.min(MAX_SEGMENT, Math.max(fill + n, 2 * fill)));
      }
      System.arraycopy(b, off, segment, fill, n);
      fill += n;
      off += n;
      len -= n;
      cut();
    }
  }

  /** Submits every segment that ends within the bytes buffered so far. */
  private void cut() throws IOException {
    while (true) {
      int at = -1;
      while (scanned + BLOCK <= fill) {
        scanned += BLOCK;
        if (scanned >= MIN_SEGMENT && endsSegment(segment, scanned - BLOCK)) {
          at = scanned;
          break;
        }
      }
      if (at < 0 && fill == MAX_SEGMENT) {
        at = MAX_SEGMENT;
      }
      if (at < 0) {
        return;
      }
      int rest = fill - at;
      byte[] next = freeSegments.isEmpty() ? new byte[INITIAL_BUFFER] : freeSegments.pop();
      if (next.length < rest) {
        next = new byte[rest];
      }
      System.arraycopy(segment, at, next, 0, rest);
      submit(segment, at);
      segment = next;
      fill = rest;
      scanned = 0;
    }
  }

  /**
   * Whether the block at {@code off} ends a segment: a hash of its bytes has its top bits clear.
   */
  static boolean endsSegment(byte[] data, int off) {
    long h = 0;
    for (int i = off; i < off + BLOCK; i += Long.BYTES) {
      h = (h + (long) LONGS.get(data, i)) * 0x9E3779B97F4A7C15L;
    }
    h ^= h >>> 29;
    return (h * 0xBF58476D1CE4E5B9L) >>> (Long.SIZE - CUT_BITS) == 0;
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
      writeHeader();
      if (fill > 0) {
        submit(segment, fill);
        fill = 0;
      }
      while (!pending.isEmpty()) {
        writeNext();
      }
      out.write(FINAL_BLOCK);
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
      position += FINAL_BLOCK.length + trailer.length;
      finished = true;
    } finally {
      shutdown();
    }
  }

  /** Where each segment went: complete once the stream is finished. */
  public SegmentTable segments() {
    if (!finished) {
      throw new IllegalStateException("the gzip stream is not finished");
    }
    return new SegmentTable(deflater, position, table);
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  private void writeHeader() throws IOException {
    if (!headerWritten) {
      out.write(HEADER);
      headerWritten = true;
    }
  }

  private void submit(byte[] data, int length) throws IOException {
    writeHeader();
    byte[] output = freeOutputs.isEmpty() ? null : freeOutputs.pop();
    if (threads == 1) {
      emit(compress(data, length, output));
      return;
    }
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, DAEMON_THREADS);
    }
    pending.add(pool.submit(() -> compress(data, length, output)));
    // Bound the memory in flight: a few segments per thread are enough to keep every core busy.
    while (pending.size() > 2 * threads) {
      writeNext();
    }
  }

  /**
   * One segment's input, its CRC-32C, and its compressed bytes, reused or deflated into {@code
   * pooled}, the output buffer that goes back to the pool once written (null if none was free).
   */
  private record Piece(
      byte[] input, int length, int checksum, byte[] output, int outputLength, byte[] pooled) {}

  private Piece compress(byte[] data, int length, byte[] pooled) {
    // Looking a segment up needs no cryptographic hash: what is found is decoded and compared.
    CRC32C crc = new CRC32C();
    crc.update(data, 0, length);
    int checksum = (int) crc.getValue();
    byte[] reused = reusable(checksum, data, length);
    if (reused != null) {
      return new Piece(data, length, checksum, reused, reused.length, pooled);
    }
    Output o = deflate(data, length, level, new Output(pooled, length));
    return new Piece(data, length, checksum, o.buf, o.pos, o.buf);
  }

  /**
   * The compressed bytes {@link #reuse} has for this segment, if they decode to exactly its bytes
   * and end where a segment must (so that the next segment's bytes follow on): else null, and the
   * segment is deflated. The source's own checks are not trusted for this: a damaged or forged
   * table must cost time, never a layer that unpacks to something other than its diff id says.
   */
  private byte[] reusable(int checksum, byte[] data, int length) {
    byte[] bytes;
    try {
      bytes = reuse.compressed(checksum, length, deflater);
    } catch (IOException | RuntimeException e) {
      return null; // only an optimisation: deflating gives the same bytes
    }
    if (bytes == null || bytes.length > maxCompressed(length)) {
      return null;
    }
    Inflater inflater = new Inflater(true);
    try {
      byte[] decoded = new byte[length + 1];
      inflater.setInput(bytes);
      int n = 0;
      while (n < decoded.length && !inflater.finished() && !inflater.needsInput()) {
        int got = inflater.inflate(decoded, n, decoded.length - n);
        if (got == 0 && (inflater.needsDictionary() || inflater.needsInput())) {
          break;
        }
        n += got;
      }
      if (n != length || inflater.finished() || inflater.getRemaining() != 0) {
        return null;
      }
      // An empty final block right after must end the stream with nothing more: the segment
      // stopped at a block boundary, on a byte boundary, as a sync flush leaves it.
      inflater.setInput(FINAL_BLOCK);
      if (inflater.inflate(decoded, 0, decoded.length) != 0 || !inflater.finished()) {
        return null;
      }
      return Arrays.equals(decoded, 0, length, data, 0, length) ? bytes : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /**
   * More compressed bytes than a segment of {@code length} bytes ever gets here (stored blocks and
   * the block ends where the level changes cost well under 2%): a source offering more is wrong.
   */
  public static int maxCompressed(int length) {
    return length + (length >> 5) + 4096;
  }

  private void writeNext() throws IOException {
    Future<Piece> next = pending.poll();
    try {
      emit(next.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("gzip compression failed", e.getCause());
    }
  }

  private void emit(Piece p) throws IOException {
    out.write(p.output(), 0, p.outputLength());
    CRC32C check = new CRC32C();
    check.update(p.output(), 0, p.outputLength());
    table.add(
        new SegmentTable.Segment(
            p.checksum(), p.length(), position, p.outputLength(), (int) check.getValue()));
    position += p.outputLength();
    if (p.pooled() != null) {
      freeOutputs.push(p.pooled());
    }
    freeSegments.push(p.input());
  }

  private void shutdown() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    pending.clear();
  }

  /**
   * Raw deflate of one segment, sync-flushed so the next segment starts on a byte boundary. Each
   * {@link #WINDOW}-byte window whose bytes look random (random data, or data already compressed:
   * jars, images, archives) is stored rather than searched for matches that are not there, which
   * costs most of deflate's time and saves nothing. Deciding per window rather than per segment
   * keeps a segment that mixes small compressed and text files from being searched whole. The
   * choice depends only on the window's bytes, so the output still depends only on input and level.
   */
  private static Output deflate(byte[] data, int length, int level, Output out) {
    int[] counts = new int[256];
    int current = levelFor(data, 0, Math.min(WINDOW, length), level, counts);
    Deflater deflater = new Deflater(current, true);
    try {
      for (int off = 0; ; off += WINDOW) {
        int n = Math.min(WINDOW, length - off);
        int wanted = off == 0 ? current : levelFor(data, off, n, level, counts);
        if (wanted != current) {
          // With no input pending, the new level applies from the next window on (zlib would
          // compress input already given with the old level).
          deflater.setInput(data, off, 0);
          deflater.setLevel(wanted);
          out.drain(deflater, Deflater.NO_FLUSH, () -> true);
          current = wanted;
        }
        deflater.setInput(data, off, n);
        if (off + n < length) {
          out.drain(deflater, Deflater.NO_FLUSH, deflater::needsInput);
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
   * 1 KiB: a tar stream of small files puts a file boundary into many windows, and a window mixing
   * a random file's tail with a text file's head is deflated whole; the smaller the window, the
   * fewer random bytes deflate searches in vain (4 KiB windows cost a third more CPU on the
   * benchmark's mix of 20 KiB text and random files).
   */
  static final int WINDOW = 1024;

  /**
   * The entropy, in bits a byte, above which a window counts as random. An empirical histogram of 1
   * KiB of uniform random bytes measures about 7.82 bits (a sample of 1,024 cannot show all 256
   * values evenly); text, code and machine code stay far below (4 to 6.5 bits).
   */
  static final double RANDOM_BITS = 7.7;

  private static final double LN_2 = StrictMath.log(2);

  /** {@code c * ln(c)} for every count a window can hold, so the entropy needs no logarithms. */
  private static final double[] C_LN_C = new double[WINDOW + 1];

  static {
    for (int c = 1; c <= WINDOW; c++) {
      C_LN_C[c] = c * StrictMath.log(c);
    }
  }

  /**
   * Whether the byte histogram of the full window {@code data[off, off+n)} has an entropy above
   * {@link #RANDOM_BITS}: random or compressed data, which deflate cannot shrink by more than about
   * 1%. A shorter tail window is never random. The sum runs in one order over a table made with
   * StrictMath, so the decision, and with it the output, is the same on every machine.
   */
  static boolean random(byte[] data, int off, int n) {
    return random(data, off, n, new int[256]);
  }

  private static boolean random(byte[] data, int off, int n, int[] counts) {
    if (n < WINDOW) {
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
