package dev.strata.exec;

import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What both executors' processes share: the host process (runc run, or unshare) is watched by a
 * thread that, once it exits and its output is drained, runs the executor's clean-up and then
 * completes the result. So clean-up happens on every path, whether or not anyone waits, and {@link
 * #waitFor()} returns only once the run has left nothing behind.
 */
abstract class MonitoredProcess implements RunningProcess {
  private static final System.Logger LOG = System.getLogger(MonitoredProcess.class.getName());

  /** How long close() waits after SIGKILL before killing the runtime process itself. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  protected final String id;
  protected final Process process;
  private final ProcessIO io;
  private final List<Thread> pumps = new ArrayList<>();
  private final CompletableFuture<ExecResult> result = new CompletableFuture<>();

  protected MonitoredProcess(String id, Process process, ProcessIO io) {
    this.id = id;
    this.process = process;
    this.io = io;
  }

  /**
   * Starts streaming the output and the thread that waits for the host process; call at the end of
   * the subclass's constructor.
   */
  protected final void monitor() {
    pumps.add(pump(process.getInputStream(), io.stdout(), id + "-stdout"));
    pumps.add(pump(process.getErrorStream(), io.stderr(), id + "-stderr"));
    io.stdin().ifPresent(in -> feed(in, process.getOutputStream(), id + "-stdin"));
    LiveProcesses.add(this);
    Thread reaper = new Thread(this::reap, "strata-exec-" + id);
    reaper.setDaemon(true);
    reaper.start();
  }

  private void reap() {
    int exitCode;
    while (true) {
      try {
        exitCode = process.waitFor();
        for (Thread t : pumps) {
          t.join();
        }
        break;
      } catch (InterruptedException e) {
        // Nobody interrupts this thread; keep waiting for the process.
      }
    }
    try {
      result.complete(finish(exitCode));
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    } finally {
      LiveProcesses.remove(this);
    }
  }

  /**
   * Called once the host process exited with {@code exitCode} and its output is drained: releases
   * everything the run used and turns the exit code into the result.
   *
   * @throws ExecStartException when the runtime reports the process never started
   */
  protected abstract ExecResult finish(int exitCode);

  /** Sends {@code signal} to the process; called only while it runs. */
  protected abstract void deliver(int signal);

  @Override
  public final void signal(int signal) {
    if (!process.isAlive() || result.isDone()) {
      return;
    }
    deliver(signal);
  }

  @Override
  public final ExecResult waitFor() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public final Optional<ExecResult> waitFor(Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try {
      return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public final boolean isDone() {
    return result.isDone();
  }

  /** Whether the run is over (process gone, clean-up done), for subclasses polling at start. */
  protected final CompletableFuture<ExecResult> result() {
    return result;
  }

  @Override
  public final void close() {
    boolean interrupted = false;
    try {
      if (!result.isDone()) {
        try {
          kill();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "cannot kill " + id + ": " + e.getMessage());
        }
        if (!awaitQuietly(KILL_GRACE)) {
          // The runtime does not react: kill it; the reaper then cleans up.
          process.destroyForcibly();
        }
      }
      while (true) {
        try {
          result.handle((r, e) -> r).get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean awaitQuietly(Duration d) {
    try {
      result.handle((r, e) -> r).get(d.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new StrataException("run failed: " + cause, cause);
  }

  private static Thread pump(InputStream from, OutputStream to, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              boolean sinkOk = true;
              try (from) {
                int n;
                while ((n = from.read(buf)) >= 0) {
                  if (sinkOk && n > 0) {
                    try {
                      to.write(buf, 0, n);
                      to.flush();
                    } catch (IOException | RuntimeException e) {
                      // Keep draining so the process never blocks on a full pipe.
                      sinkOk = false;
                      LOG.log(Level.WARNING, "output of " + name + " lost: " + e);
                    }
                  }
                }
              } catch (IOException e) {
                // The pipe closed under us: the process is gone.
              } finally {
                try {
                  to.close();
                } catch (IOException | RuntimeException e) {
                  LOG.log(Level.WARNING, "cannot close output of " + name + ": " + e);
                }
              }
            },
            "strata-exec-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void feed(InputStream from, OutputStream to, String name) {
    Thread t =
        new Thread(
            () -> {
              try (to) {
                from.transferTo(to);
              } catch (IOException e) {
                // The process stopped reading or ended.
              }
            },
            "strata-exec-" + name);
    t.setDaemon(true);
    t.start();
  }
}
