package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
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
        ParallelGzipOutputStream.BLOCK_SIZE - 1,
        ParallelGzipOutputStream.BLOCK_SIZE,
        ParallelGzipOutputStream.BLOCK_SIZE + 1,
        3 * ParallelGzipOutputStream.BLOCK_SIZE,
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
  void compressesRepetitiveDataAcrossBlocksWithTheDictionary(int threads) throws IOException {
    byte[] data = new byte[4 * ParallelGzipOutputStream.BLOCK_SIZE];
    // Random letters: too varied to shrink much alone (and not random enough to be stored).
    byte[] unit = new byte[20_000];
    Random r = new Random(3);
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (byte) ('a' + r.nextInt(26));
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = unit[i % unit.length];
    }
    // Each block after the first finds its content in the 32 KiB dictionary.
    assertThat(compress(data, threads, 4096).length).isLessThan(unit.length);
  }

  @Test
  void randomLookingSegmentsAreStoredAndTextIsCompressed() throws IOException {
    int n = ParallelGzipOutputStream.SEGMENT;
    byte[] random = new byte[n];
    new Random(7).nextBytes(random);
    byte[] text = sample(n);
    java.util.Arrays.fill(text, 0, n, (byte) 'a');
    assertThat(ParallelGzipOutputStream.random(random, 0, n)).isTrue();
    assertThat(ParallelGzipOutputStream.random(text, 0, n)).isFalse();
    // A random segment with a compressible quarter is compressed as usual.
    byte[] mixed = random.clone();
    System.arraycopy(text, 0, mixed, n / 2, n / 4);
    assertThat(ParallelGzipOutputStream.random(mixed, 0, n)).isFalse();
  }

  @Test
  void everyRandomSegmentOfManyCountsAsRandomAndNoTextOne() {
    int n = ParallelGzipOutputStream.SEGMENT;
    Random r = new Random(3);
    byte[] segment = new byte[n];
    for (int i = 0; i < 10_000; i++) {
      r.nextBytes(segment);
      assertThat(ParallelGzipOutputStream.random(segment, 0, n))
          .as("random segment %d", i)
          .isTrue();
    }
    // Base64 of random bytes: 6 bits a byte, compressible by a quarter.
    byte[] base64 = java.util.Base64.getEncoder().encode(java.util.Arrays.copyOf(segment, n));
    assertThat(ParallelGzipOutputStream.random(base64, 0, n)).isFalse();
    assertThat(ParallelGzipOutputStream.random(segment, 0, n - 1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aBlockMixingRandomAndTextSegmentsStoresOnlyTheRandomOnes(int threads) throws IOException {
    int segment = ParallelGzipOutputStream.SEGMENT;
    int blocks = 3;
    byte[] data = new byte[blocks * ParallelGzipOutputStream.BLOCK_SIZE + 5000];
    Random r = new Random(11);
    int randomBytes = 0;
    int randomSegments = 0;
    for (int off = 0; off < data.length; off += segment) {
      int len = Math.min(segment, data.length - off);
      if ((off / segment) % 2 == 0) {
        byte[] noise = new byte[len];
        r.nextBytes(noise);
        System.arraycopy(noise, 0, data, off, len);
        randomBytes += len;
        randomSegments++;
      } else {
        java.util.Arrays.fill(data, off, off + len, (byte) 'x');
      }
    }
    byte[] gz = compress(data, threads, 3000);
    // Stored segments cost a few bytes each over their size (block headers where the level
    // changes); the text ones shrink to almost nothing.
    assertThat(gz.length).isBetween(randomBytes, randomBytes + 20 * randomSegments + 256);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gz).isEqualTo(compress(data, 1, 65536));
  }
}
