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
    byte[] unit = sample(20_000);
    for (int i = 0; i < data.length; i++) {
      data[i] = unit[i % unit.length];
    }
    // Each block after the first finds its content in the 32 KiB dictionary.
    assertThat(compress(data, threads, 4096).length).isLessThan(unit.length);
  }

  @Test
  void blocksThatDoNotCompressAreStoredAndOnesThatDoAreCompressed() throws IOException {
    int n = ParallelGzipOutputStream.BLOCK_SIZE;
    byte[] random = new byte[n];
    new Random(7).nextBytes(random);
    byte[] text = sample(n);
    java.util.Arrays.fill(text, 0, n, (byte) 'a');
    assertThat(ParallelGzipOutputStream.incompressible(random, n)).isTrue();
    assertThat(ParallelGzipOutputStream.incompressible(text, n)).isFalse();
    // Random bytes with a compressible middle: the middle sample keeps the block compressed.
    byte[] mixed = random.clone();
    System.arraycopy(text, 0, mixed, n / 2 - 8192, 16384);
    assertThat(ParallelGzipOutputStream.incompressible(mixed, n)).isFalse();

    byte[] both = new byte[2 * n];
    System.arraycopy(random, 0, both, 0, n);
    System.arraycopy(text, 0, both, n, n);
    byte[] gz = compress(both, 2, 5000);
    // The stored block costs a few bytes over its size; the text block shrinks to almost nothing.
    assertThat(gz.length).isBetween(n, n + 1024);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(both);
    }
  }
}
