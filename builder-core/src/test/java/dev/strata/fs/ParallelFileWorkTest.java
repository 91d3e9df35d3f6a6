package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelFileWorkTest {
  @Test
  void sumsTheBytesOfEveryCopy() throws IOException {
    try (ParallelFileWork copies = new ParallelFileWork(3)) {
      for (int i = 1; i <= 100; i++) {
        long n = i;
        copies.submit(() -> n);
      }
      assertThat(copies.await()).isEqualTo(5050);
    }
  }

  @Test
  void theFirstFailureInSubmissionOrderIsReportedAsThrown() throws Exception {
    CountDownLatch secondFailed = new CountDownLatch(1);
    try (ParallelFileWork copies = new ParallelFileWork(2)) {
      copies.submit(
          () -> {
            // Fails after the later copy did, yet it is the one reported.
            assertThat(waitFor(secondFailed)).isTrue();
            throw new IOException("first");
          });
      copies.submit(
          () -> {
            secondFailed.countDown();
            throw new IllegalStateException("second");
          });
      assertThatThrownBy(copies::await).isInstanceOf(IOException.class).hasMessage("first");
    }
  }

  @Test
  void closingAfterAFailureCancelsTheQueuedCopiesAndWaitsForTheRunningOnes() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    ParallelFileWork copies = new ParallelFileWork(1);
    copies.submit(
        () -> {
          throw new IOException("broken");
        });
    for (int i = 0; i < 20; i++) {
      copies.submit(
          () -> {
            running.incrementAndGet();
            pause();
            ran.incrementAndGet();
            running.decrementAndGet();
            return 1;
          });
    }
    assertThatThrownBy(copies::await).hasMessage("broken");
    copies.close();
    assertThat(running.get()).as("nothing runs once closed").isZero();
    assertThat(ran.get()).isLessThan(20);
  }

  @Test
  void noCopiesStartNoThreads() throws IOException {
    try (ParallelFileWork copies = new ParallelFileWork(4)) {
      assertThat(copies.await()).isZero();
    }
  }

  private static boolean waitFor(CountDownLatch latch) throws IOException {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException();
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException();
    }
  }
}
