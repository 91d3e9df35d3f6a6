package dev.strata.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has delivered no bytes for the stall timeout, so that a connection
 * the server stopped feeding (without closing it) fails the read and the download resumes, instead
 * of hanging for ever: the JDK client's request timeout ends with the headers.
 */
final class StallWatch {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "strata-stall-watch");
            t.setDaemon(true);
            return t;
          });

  private StallWatch() {}

  /** {@code in}, closed by the watch when it makes no progress for {@code timeout}. */
  static WatchedStream watch(InputStream in, Duration timeout) {
    return new WatchedStream(in, timeout);
  }

  static final class WatchedStream extends InputStream implements Closeable {
    private final InputStream in;
    private final long timeoutNanos;
    private final ScheduledFuture<?> task;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    WatchedStream(InputStream in, Duration timeout) {
      this.in = in;
      this.timeoutNanos = timeout.toNanos();
      long period = Math.max(50, timeout.toMillis() / 4);
      this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
      if (System.nanoTime() - lastProgress > timeoutNanos) {
        stalled = true;
        task.cancel(false);
        try {
          in.close();
        } catch (IOException e) {
          // closing is all we wanted; the reader sees the failure
        }
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (stalled) {
          throw new IOException("no data for " + timeoutNanos / 1_000_000_000 + " s");
        }
        lastProgress = System.nanoTime();
        return n;
      } catch (IOException e) {
        if (stalled) {
          throw new IOException("no data for " + timeoutNanos / 1_000_000_000 + " s", e);
        }
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      task.cancel(false);
      in.close();
    }
  }
}
