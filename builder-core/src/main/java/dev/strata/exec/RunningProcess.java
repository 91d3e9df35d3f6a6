package dev.strata.exec;

import java.time.Duration;
import java.util.Optional;

/**
 * A process an {@link Executor} started and that may still be running. Its output keeps streaming
 * to the {@link ProcessIO} sinks; when it ends, the executor releases everything it set up for it
 * (runtime state, mounts, mount points created in the rootfs) before {@link #waitFor()} returns.
 *
 * <p>{@link #close()} makes sure of that from any state: it kills the process if it still runs and
 * waits for the clean-up, so a try-with-resources block never leaves a process or state behind.
 */
public interface RunningProcess extends AutoCloseable {
  /** The host pid of the process (pid 1 of its pid namespace). */
  long pid();

  /** Sends {@code signal} (a Linux signal number) to the process; no-op once it has ended. */
  void signal(int signal);

  /** Kills the process with SIGKILL; no-op once it has ended. */
  default void kill() {
    signal(Signals.SIGKILL);
  }

  /**
   * Waits for the process to end and its clean-up to finish.
   *
   * @throws ExecStartException if the runtime reports that the process never started
   */
  ExecResult waitFor() throws InterruptedException;

  /** Like {@link #waitFor()} but gives up after {@code timeout}, returning empty. */
  Optional<ExecResult> waitFor(Duration timeout) throws InterruptedException;

  /** Whether the process and its clean-up have finished. */
  boolean isDone();

  /**
   * Stops the process the way {@code docker stop} does: sends {@code signal} (the image's
   * STOPSIGNAL, SIGTERM by default), waits up to {@code timeout}, then kills it.
   */
  default ExecResult stop(int signal, Duration timeout) throws InterruptedException {
    signal(signal);
    Optional<ExecResult> result = waitFor(timeout);
    if (result.isPresent()) {
      return result.get();
    }
    kill();
    return waitFor();
  }

  /** Kills the process if it still runs and waits until everything it used is released. */
  @Override
  void close();
}
