package dev.strata.api;

import java.time.Duration;

/** What a build reports while it runs, for progress displays; in the order things happen. */
public sealed interface BuildEvent {
  /**
   * Identifies a step in events.
   *
   * @param stage the stage's label (name or index)
   * @param index the 1-based step index in the stage
   * @param count the number of steps in the stage
   * @param text the instruction on one line, expanded
   * @param line its line in the Dockerfile
   */
  record StepRef(String stage, int index, int count, String text, int line) {}

  /** A step whose cache key hit: it will not run. */
  record StepCached(StepRef step) implements BuildEvent {}

  /** A step that missed and starts running; {@code reason} says why it missed. */
  record StepStarted(StepRef step, String reason) implements BuildEvent {}

  /** A line a RUN step printed. */
  record StepOutput(StepRef step, String line, boolean stderr) implements BuildEvent {}

  /** A step that ran to completion. */
  record StepDone(StepRef step, Duration elapsed, long layerBytes) implements BuildEvent {}

  /** A step that failed; the build stops. */
  record StepFailed(StepRef step, Duration elapsed, String message) implements BuildEvent {}

  /**
   * A FROM image the store lacked (or, with {@code --pull}, every one) pulled from its registry.
   */
  record BasePulled(String reference, String imageId) implements BuildEvent {}

  /** Something worth telling that does not stop the build. */
  record Warning(String message) implements BuildEvent {}

  /** The build cache was exported ({@code --cache-to}): how many steps, with how many layers. */
  record CacheExported(String destination, int steps, int layers) implements BuildEvent {
    /** One line for progress output. */
    public String summary() {
      return "exported cache to "
          + destination
          + ": "
          + steps
          + (steps == 1 ? " step, " : " steps, ")
          + layers
          + (layers == 1 ? " layer" : " layers");
    }
  }

  /** The build finished: the image id and how many steps ran and hit. */
  record Finished(String imageId, int ran, int cached, Duration elapsed) implements BuildEvent {}
}
