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
 * time and journal waits that several threads share well. The pool starts with the first copy, so
 * copying a handful of files costs no threads. A failure is reported as a sequential copy would
 * have reported it: the first failing copy in submission order, with the copies queued after it
 * cancelled.
 */
public final class ParallelFileWork implements AutoCloseable {
  /** Threads for file copies on this machine: at least two, even on one core (I/O waits). */
  public static final int THREADS =
      Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

  /** One piece of work; returns what it amounts to (bytes written, files removed). */
  public interface Work {
    long run() throws IOException;
  }

  private final int threads;
  private final List<Future<Long>> pending = new ArrayList<>();
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

  /** Waits for all the work; returns the sum of what it returned or throws the first failure. */
  public long await() throws IOException {
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
