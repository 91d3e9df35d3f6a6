package dev.strata.cli;

import dev.strata.api.BuildEvent;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Progress for logs and pipes, one line per event in BuildKit's plain style: {@code #N [stage i/n]
 * INSTRUCTION}, then the step's output lines, then {@code #N CACHED}, {@code #N DONE 1.2s} or
 * {@code #N ERROR}. Steps are numbered in the order they start.
 */
final class PlainProgress implements Consumer<BuildEvent> {
  private final PrintWriter out;
  private final java.util.Map<BuildEvent.StepRef, Integer> numbers = new java.util.HashMap<>();

  PlainProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    if (event instanceof BuildEvent.StepCached e) {
      int n = number(e.step());
      out.println("#" + n + " " + header(e.step()));
      out.println("#" + n + " CACHED");
    } else if (event instanceof BuildEvent.StepStarted e) {
      int n = number(e.step());
      out.println("#" + n + " " + header(e.step()));
      if (!e.reason().isEmpty()) {
        out.println("#" + n + " cache miss: " + e.reason());
      }
    } else if (event instanceof BuildEvent.StepOutput e) {
      out.println("#" + number(e.step()) + " " + e.line());
    } else if (event instanceof BuildEvent.StepDone e) {
      out.println("#" + number(e.step()) + " DONE " + Durations.seconds(e.elapsed()));
    } else if (event instanceof BuildEvent.StepFailed e) {
      out.println("#" + number(e.step()) + " ERROR " + e.message());
    } else if (event instanceof BuildEvent.BasePulled e) {
      out.println("pulled " + e.reference() + " " + e.imageId());
    } else if (event instanceof BuildEvent.Warning e) {
      out.println("warning: " + e.message());
    } else if (event instanceof BuildEvent.CacheExported e) {
      out.println(e.summary());
    } else if (event instanceof BuildEvent.Finished e) {
      out.println(
          "built "
              + e.imageId()
              + " in "
              + Durations.seconds(e.elapsed())
              + " ("
              + e.ran()
              + " ran, "
              + e.cached()
              + " cached)");
    }
    out.flush();
  }

  static String header(BuildEvent.StepRef step) {
    String stage =
        step.stage().chars().allMatch(Character::isDigit) ? "stage-" + step.stage() : step.stage();
    return "[" + stage + " " + step.index() + "/" + step.count() + "] " + step.text();
  }

  private int number(BuildEvent.StepRef step) {
    return numbers.computeIfAbsent(step, s -> numbers.size() + 1);
  }
}
