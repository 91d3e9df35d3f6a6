package dev.strata.solver;

import java.time.Duration;

/**
 * Receives what a build does as it happens. Called from the threads that run stages, so
 * implementations must be thread-safe; they must also be quick, as they hold up the build.
 */
public interface Progress {
  Progress NONE = new Progress() {};

  /** The step's key hit: it will not run. */
  default void cached(StepId step) {}

  /** The step missed and starts; {@code reason} says why, empty when there is no earlier build. */
  default void started(StepId step, String reason) {}

  /** A line the step's process wrote. */
  default void output(StepId step, String line, boolean stderr) {}

  /** The step finished, adding a layer of {@code layerBytes} (0 for none). */
  default void done(StepId step, Duration elapsed, long layerBytes) {}

  /** The step failed with {@code message}; the build stops. */
  default void failed(StepId step, Duration elapsed, String message) {}

  /** Something the user should know that does not stop the build. */
  default void warning(String message) {}
}
