package dev.strata.api;

import dev.strata.solver.Progress;
import dev.strata.solver.StepId;
import java.time.Duration;
import java.util.function.Consumer;

/** Hands the solver's progress to an API listener as {@link BuildEvent}s. */
final class ProgressEvents implements Progress {
  private final Consumer<BuildEvent> events;

  ProgressEvents(Consumer<BuildEvent> events) {
    this.events = events;
  }

  private static BuildEvent.StepRef ref(StepId id) {
    return new BuildEvent.StepRef(id.stage(), id.index(), id.count(), id.text(), id.line());
  }

  @Override
  public void cached(StepId step) {
    events.accept(new BuildEvent.StepCached(ref(step)));
  }

  @Override
  public void started(StepId step, String reason) {
    events.accept(new BuildEvent.StepStarted(ref(step), reason));
  }

  @Override
  public void output(StepId step, String line, boolean stderr) {
    events.accept(new BuildEvent.StepOutput(ref(step), line, stderr));
  }

  @Override
  public void done(StepId step, Duration elapsed, long layerBytes) {
    events.accept(new BuildEvent.StepDone(ref(step), elapsed, layerBytes));
  }

  @Override
  public void failed(StepId step, Duration elapsed, String message) {
    events.accept(new BuildEvent.StepFailed(ref(step), elapsed, message));
  }

  @Override
  public void warning(String message) {
    events.accept(new BuildEvent.Warning(message));
  }
}
