package dev.strata.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The per-file work of one tree operation (a COPY step's or a vfs snapshot's file copies, a tree
 * deletion's unlinks) runs on a few threads: creating, filling and removing files is mostly kernel
 * time, which several threads share well. The pool starts with the first copy, so copying a handful
 * of files costs no threads. A failure is reported as a sequential copy would have reported it: the
 * first failing copy in submission order, with the copies queued after it cancelled.
 */
public final class ParallelFileWork implements AutoCloseable {
  /** Threads for file copies on this machine: at least two, even on one core (I/O waits). */
  public static final int THREADS =
      Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

  /** One piece of work; returns what it amounts to (bytes written, files removed). */
  public interface Work {
    long run() throws IOException;
  }

  // Enough files that a thread rarely switches directories, few enough to spread one large
  // directory over every thread.
  private static final int BATCH = 64;

  private final int threads;
  private final List<Future<Long>> pending = new ArrayList<>();
  private final List<Work> batch = new ArrayList<>();
  private Object batchDirectory;
  private volatile boolean closed;
  private ExecutorService pool;

  public ParallelFileWork(int threads) {
    this.threads = threads;
  }

  public void submit(Work copy) {
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "strata-files");
                t.setDaemon(true);
                return t;
              });
    }
    pending.add(
        pool.submit(
            () -> {
              try {
                return copy.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }));
  }

  /**
   * Submits work on a file in {@code directory}, gathered with the work submitted just before it
   * into the same directory to run in order on one thread. Creating or removing a file locks its
   * directory, and threads doing so side by side in one directory wait on that lock: on ext4
   * without a journal, whose inode allocation skips recently deleted inodes one by one while the
   * lock is held, the waiting thread spun for as long as the copying took, and a one-file rebuild
   * of the benchmark's 5,000 files in 50 directories was 11% slower than with batches.
   */
  public void submitIn(Object directory, Work work) {
    if (!directory.equals(batchDirectory) || batch.size() == BATCH) {
      submitBatch();
      batchDirectory = directory;
    }
    batch.add(work);
  }

  private void submitBatch() {
    if (batch.isEmpty()) {
      return;
    }
    List<Work> works = List.copyOf(batch);
    batch.clear();
    submit(
        () -> {
          long total = 0;
          for (Work w : works) {
            if (closed) {
              break; // closed after a failure: the rest of the batch is not wanted
            }
            total += w.run();
          }
          return total;
        });
  }

  /** Waits for all the work; returns the sum of what it returned or throws the first failure. */
  public long await() throws IOException {
    submitBatch();
    long total = 0;
    try {
      for (Future<Long> f : pending) {
        total += f.get();
      }
      pending.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while working on files");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
    return total;
  }

  /** Stops the copies still queued (after a failure) and waits for the running ones to end. */
  @Override
  public void close() {
    closed = true;
    if (pool == null) {
      return;
    }
    pending.forEach(f -> f.cancel(false));
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
