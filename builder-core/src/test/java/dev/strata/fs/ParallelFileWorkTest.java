package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  void workInOneDirectoryRunsInOrderOnOneThreadAndDirectoriesSpreadOverThreads()
      throws IOException {
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Set<Long> threads = ConcurrentHashMap.newKeySet();
    try (ParallelFileWork copies = new ParallelFileWork(4)) {
      for (int d = 0; d < 8; d++) {
        String dir = "d" + d;
        // Fewer files than a batch: the whole directory is one piece of work.
        for (int f = 0; f < 40; f++) {
          String file = "f" + f;
          copies.submitIn(
              dir,
              () -> {
                long thread = Thread.currentThread().getId();
                threads.add(thread);
                seen.computeIfAbsent(dir, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(thread + " " + file);
                Thread.onSpinWait();
                return 1;
              });
        }
      }
      assertThat(copies.await()).isEqualTo(320);
    }
    assertThat(seen).hasSize(8);
    for (List<String> files : seen.values()) {
      assertThat(files.stream().map(s -> s.substring(0, s.indexOf(' '))).distinct()).hasSize(1);
      for (int f = 0; f < files.size(); f++) {
        assertThat(files.get(f)).endsWith(" f" + f);
      }
    }
    assertThat(threads).isNotEmpty();
  }

  @Test
  void aDirectoryOfManyFilesIsSpreadOverSeveralPiecesOfWork() throws Exception {
    // Two files in one directory, a batch apart, must be able to run at the same time.
    CountDownLatch both = new CountDownLatch(2);
    try (ParallelFileWork copies = new ParallelFileWork(2)) {
      for (int f = 0; f < 128; f++) {
        boolean meet = f == 0 || f == 64;
        copies.submitIn(
            "one",
            () -> {
              if (meet) {
                both.countDown();
                assertThat(waitFor(both)).isTrue();
              }
              return 1;
            });
      }
      assertThat(copies.await()).isEqualTo(128);
    }
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
