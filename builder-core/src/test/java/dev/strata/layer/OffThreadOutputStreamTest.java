package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OffThreadOutputStreamTest {
  @Test
  void passesEveryByteInOrderWhateverTheWriteSizes() throws IOException {
    byte[] data = new byte[3 * OffThreadOutputStream.CHUNK + 12345];
    new Random(5).nextBytes(data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Random sizes = new Random(9);
    try (OffThreadOutputStream out = new OffThreadOutputStream(sink)) {
      int off = 0;
      while (off < data.length) {
        if (sizes.nextInt(10) == 0) {
          out.write(data[off++]);
          continue;
        }
        int n = Math.min(data.length - off, 1 + sizes.nextInt(100_000));
        out.write(data, off, n);
        off += n;
      }
    }
    assertThat(sink.toByteArray()).isEqualTo(data);
  }

  @Test
  void aFailureDownstreamIsThrownToTheWriterAndNothingHangs() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    OffThreadOutputStream out = new OffThreadOutputStream(broken);
    byte[] chunk = new byte[OffThreadOutputStream.CHUNK];
    // The first chunk fails below; a later write reports it instead of blocking on the queue.
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                out.write(chunk);
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(closed).isTrue();
  }

  @Test
  void closeClosesTheStreamBelowOnce() throws IOException {
    int[] closes = {0};
    OffThreadOutputStream out =
        new OffThreadOutputStream(
            new ByteArrayOutputStream() {
              @Override
              public void close() {
                closes[0]++;
              }
            });
    out.write(1);
    out.close();
    out.close();
    assertThat(closes[0]).isEqualTo(1);
    assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class);
  }
}
