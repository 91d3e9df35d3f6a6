package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
  static byte[] sample(int size) {
    Random r = new Random(size);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      // half text-like (compressible), half random
      b[i] = (i / 5000) % 2 == 0 ? (byte) "strata layer ".charAt(i % 13) : (byte) r.nextInt();
    }
    return b;
  }

  static byte[] compress(byte[] data, int threads, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream z = new ParallelGzipOutputStream(out, 6, threads)) {
      for (int off = 0; off < data.length; off += chunk) {
        z.write(data, off, Math.min(chunk, data.length - off));
        z.flush();
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0,
        1,
        ParallelGzipOutputStream.MIN_SEGMENT - 1,
        ParallelGzipOutputStream.MIN_SEGMENT,
        ParallelGzipOutputStream.MIN_SEGMENT + 1,
        ParallelGzipOutputStream.MAX_SEGMENT,
        3 * ParallelGzipOutputStream.MAX_SEGMENT + 1,
        5_000_000
      })
  void decodesToTheInputAsOneGzipMember(int size) throws IOException {
    byte[] data = sample(size);
    byte[] gz = compress(data, 4, 7777);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void bytesDoNotDependOnThreadsOrWriteSizesOrFlushes(int threads) throws IOException {
    byte[] data = sample(1_000_000);
    assertThat(compress(data, threads, 1000 + threads)).isEqualTo(compress(data, 1, 65536));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void compressesRepetitiveDataWithinASegment(int threads) throws IOException {
    byte[] data = new byte[ParallelGzipOutputStream.MIN_SEGMENT];
    // Random letters: too varied to shrink much alone (and not random enough to be stored).
    byte[] unit = new byte[20_000];
    Random r = new Random(3);
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (byte) ('a' + r.nextInt(26));
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = unit[i % unit.length];
    }
    // Each repetition finds the one before in deflate's 32 KiB window.
    assertThat(compress(data, threads, 4096).length).isLessThan(unit.length);
  }

  @Test
  void randomLookingWindowsAreStoredAndTextIsCompressed() throws IOException {
    int n = ParallelGzipOutputStream.WINDOW;
    byte[] random = new byte[n];
    new Random(7).nextBytes(random);
    byte[] text = sample(n);
    java.util.Arrays.fill(text, 0, n, (byte) 'a');
    assertThat(ParallelGzipOutputStream.random(random, 0, n)).isTrue();
    assertThat(ParallelGzipOutputStream.random(text, 0, n)).isFalse();
    // A random window with a compressible quarter is compressed as usual.
    byte[] mixed = random.clone();
    System.arraycopy(text, 0, mixed, n / 2, n / 4);
    assertThat(ParallelGzipOutputStream.random(mixed, 0, n)).isFalse();
  }

  @Test
  void everyRandomWindowOfManyCountsAsRandomAndNoTextOne() {
    int n = ParallelGzipOutputStream.WINDOW;
    Random r = new Random(3);
    byte[] window = new byte[n];
    for (int i = 0; i < 10_000; i++) {
      r.nextBytes(window);
      assertThat(ParallelGzipOutputStream.random(window, 0, n)).as("random window %d", i).isTrue();
    }
    // Base64 of random bytes: 6 bits a byte, compressible by a quarter.
    byte[] base64 = java.util.Base64.getEncoder().encode(java.util.Arrays.copyOf(window, n));
    assertThat(ParallelGzipOutputStream.random(base64, 0, n)).isFalse();
    assertThat(ParallelGzipOutputStream.random(window, 0, n - 1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aSegmentMixingRandomAndTextWindowsStoresOnlyTheRandomOnes(int threads) throws IOException {
    int window = ParallelGzipOutputStream.WINDOW;
    byte[] data = new byte[3 * ParallelGzipOutputStream.MIN_SEGMENT + 5000];
    Random r = new Random(11);
    int randomBytes = 0;
    int randomWindows = 0;
    for (int off = 0; off < data.length; off += window) {
      int len = Math.min(window, data.length - off);
      if ((off / window) % 2 == 0) {
        byte[] noise = new byte[len];
        r.nextBytes(noise);
        System.arraycopy(noise, 0, data, off, len);
        randomBytes += len;
        randomWindows++;
      } else {
        java.util.Arrays.fill(data, off, off + len, (byte) 'x');
      }
    }
    byte[] gz = compress(data, threads, 3000);
    // Stored windows cost a few bytes each over their size (block headers where the level
    // changes); the text ones shrink to almost nothing.
    assertThat(gz.length).isBetween(randomBytes, randomBytes + 20 * randomWindows + 256);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gz).isEqualTo(compress(data, 1, 65536));
  }

  /** Compresses {@code data} with {@code reuse}, returning the bytes and the table. */
  static Compressed compress(byte[] data, int threads, SegmentSource reuse) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream z = new ParallelGzipOutputStream(out, 6, threads, reuse);
    for (int off = 0; off < data.length; off += 10_000) {
      z.write(data, off, Math.min(10_000, data.length - off));
    }
    z.close();
    return new Compressed(out.toByteArray(), z.segments());
  }

  record Compressed(byte[] bytes, SegmentTable table) {
    /** The segments of this output, served from memory, counting what is taken. */
    SegmentSource source(AtomicInteger taken) {
      return (inputChecksum, size, deflater) -> {
        for (SegmentTable.Segment s : table.segments()) {
          if (s.inputChecksum() == inputChecksum
              && s.size() == size
              && table.deflater() == deflater) {
            taken.incrementAndGet();
            int from = (int) s.offset();
            return Arrays.copyOfRange(bytes, from, from + s.compressedSize());
          }
        }
        return null;
      };
    }
  }

  /** Tar-like input: 20 KiB files, each a 512-byte header and its content padded to 512 bytes. */
  static byte[] files(int count, int changed, int grownBy) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int f = 0; f < count; f++) {
      byte[] header = new byte[512];
      byte[] name = ("file-" + f).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(name, 0, header, 0, name.length);
      int size = 20_000 + (f == changed ? grownBy : 0);
      header[200] = (byte) size;
      header[201] = (byte) (size >>> 8);
      out.writeBytes(header);
      byte[] content = new byte[(size + 511) / 512 * 512];
      Random r = new Random(f);
      for (int i = 0; i < size; i++) {
        content[i] = f % 2 == 0 ? (byte) ('a' + r.nextInt(4)) : (byte) r.nextInt();
      }
      if (f == changed) {
        content[5] ^= 1;
      }
      out.writeBytes(content);
    }
    return out.toByteArray();
  }

  @Test
  void theTableLocatesEverySegmentOfTheOutput() throws IOException {
    byte[] data = files(300, -1, 0);
    Compressed c = compress(data, 2, SegmentSource.NONE);
    SegmentTable t = c.table();
    assertThat(t.blobSize()).isEqualTo(c.bytes().length);
    assertThat(t.segments().size()).isGreaterThan(5);
    long in = 0;
    long at = 10;
    for (SegmentTable.Segment s : t.segments()) {
      assertThat(s.offset()).isEqualTo(at);
      assertThat(s.size()).isBetween(1, ParallelGzipOutputStream.MAX_SEGMENT);
      // Every segment is raw deflate that decodes alone to its part of the input.
      java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
      inflater.setInput(c.bytes(), (int) s.offset(), s.compressedSize());
      byte[] part = new byte[s.size()];
      try {
        assertThat(inflater.inflate(part)).isEqualTo(s.size());
      } catch (java.util.zip.DataFormatException e) {
        throw new AssertionError(e);
      } finally {
        inflater.end();
      }
      assertThat(part).isEqualTo(Arrays.copyOfRange(data, (int) in, (int) in + s.size()));
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(part);
      assertThat(s.inputChecksum()).isEqualTo((int) crc.getValue());
      in += s.size();
      at += s.compressedSize();
    }
    assertThat(in).isEqualTo(data.length);
    assertThat(at + 2 + 8).isEqualTo(c.bytes().length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 600, 5000})
  void aChangedFileDeflatesOnlyTheSegmentsAroundItAndTheBytesAreTheSame(int grownBy)
      throws IOException {
    Compressed before = compress(files(300, -1, 0), 2, SegmentSource.NONE);
    byte[] changed = files(300, 150, grownBy);
    AtomicInteger taken = new AtomicInteger();
    Compressed after = compress(changed, 2, before.source(taken));
    Compressed fresh = compress(changed, 1, SegmentSource.NONE);
    assertThat(after.bytes()).isEqualTo(fresh.bytes());
    assertThat(after.table()).isEqualTo(fresh.table());
    assertThat(taken.get()).isGreaterThanOrEqualTo(after.table().segments().size() - 2);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(after.bytes()))) {
      assertThat(in.readAllBytes()).isEqualTo(changed);
    }
  }

  @Test
  void segmentsTheSourceDoesNotHaveAreDeflated() throws IOException {
    byte[] data = files(100, -1, 0);
    AtomicInteger asked = new AtomicInteger();
    Compressed c =
        compress(
            data,
            2,
            (inputChecksum, size, deflater) -> {
              asked.incrementAndGet();
              return null;
            });
    assertThat(asked.get()).isEqualTo(c.table().segments().size());
    assertThat(c.bytes()).isEqualTo(compress(data, 1, SegmentSource.NONE).bytes());
  }

  @Test
  void theDeflaterIdentityTellsLevelsApartAndIsStable() {
    int six = ParallelGzipOutputStream.deflater(6);
    assertThat(ParallelGzipOutputStream.deflater(6)).isEqualTo(six);
    assertThat(java.util.stream.IntStream.of(0, 1, 6, 9).map(ParallelGzipOutputStream::deflater))
        .doesNotHaveDuplicates();
  }

  @Test
  void segmentsOfAnotherDeflaterAreNotAskedFor() throws IOException {
    byte[] data = files(100, -1, 0);
    Compressed six = compress(data, 2, SegmentSource.NONE);
    assertThat(six.table().deflater()).isEqualTo(ParallelGzipOutputStream.deflater(6));
    AtomicInteger taken = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream z = new ParallelGzipOutputStream(out, 1, 2, six.source(taken))) {
      z.write(data);
    }
    assertThat(taken.get()).isZero();
  }

  @Test
  void forgedOrFailingSegmentsAreDeflatedInsteadAndTheBytesStayTheSame() throws IOException {
    byte[] data = files(120, -1, 0);
    Compressed honest = compress(data, 1, SegmentSource.NONE);
    SegmentTable t = honest.table();
    byte[] other = honest.bytes();
    SegmentTable.Segment first = t.segments().get(0);
    SegmentTable.Segment second = t.segments().get(1);
    byte[] firstBytes =
        Arrays.copyOfRange(
            other, (int) first.offset(), (int) (first.offset() + first.compressedSize()));
    AtomicInteger asked = new AtomicInteger();
    // Every kind of wrong answer: another segment's bytes, the right bytes cut short or with a
    // final block, bytes that are not deflate at all, and a source that fails.
    SegmentSource lying =
        (inputChecksum, size, deflater) -> {
          int n = asked.getAndIncrement();
          switch (n % 5) {
            case 0:
              return Arrays.copyOfRange(
                  other, (int) second.offset(), (int) (second.offset() + second.compressedSize()));
            case 1:
              return Arrays.copyOf(firstBytes, firstBytes.length - 4);
            case 2:
              byte[] finalBlock = Arrays.copyOf(firstBytes, firstBytes.length + 2);
              finalBlock[firstBytes.length] = 3;
              return finalBlock;
            case 3:
              return new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff};
            default:
              throw new IOException("broken source");
          }
        };
    Compressed c = compress(data, 2, lying);
    assertThat(asked.get()).isEqualTo(t.segments().size());
    assertThat(c.bytes()).isEqualTo(honest.bytes());
  }

  @Test
  void segmentsThatDecodeToTheirBytesAreTakenAsTheyAre() throws IOException {
    // Segments deflated at level 1, offered to a level-6 stream by a source that ignores the
    // deflater: each decodes to the right bytes, so each is taken, and the output is level 1's.
    byte[] data = files(120, -1, 0);
    ByteArrayOutputStream fast = new ByteArrayOutputStream();
    ParallelGzipOutputStream one = new ParallelGzipOutputStream(fast, 1, 2);
    one.write(data);
    one.close();
    Compressed levelOne = new Compressed(fast.toByteArray(), one.segments());
    AtomicInteger taken = new AtomicInteger();
    SegmentSource any =
        (inputChecksum, size, deflater) ->
            levelOne.source(taken).compressed(inputChecksum, size, levelOne.table().deflater());
    Compressed c = compress(data, 2, any);
    assertThat(c.bytes()).isEqualTo(levelOne.bytes());
    assertThat(c.bytes()).isNotEqualTo(compress(data, 2, SegmentSource.NONE).bytes());
  }
}
