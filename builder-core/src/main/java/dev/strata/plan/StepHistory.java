package dev.strata.plan;

import dev.strata.dockerfile.instructions.RunInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code created_by} text of a step's history entry, in docker's shape: RUN shows the command
 * as the shell runs it, prefixed with {@code |N NAME=value...} when build args are in scope (so
 * that history tells two builds with different args apart, as docker's does); every other step
 * shows its expanded instruction.
 */
public final class StepHistory {
  private StepHistory() {}

  public static String createdBy(Step step) {
    if (!(step.instruction() instanceof RunInstruction run)) {
      return step.text();
    }
    List<String> words = new ArrayList<>();
    words.add("RUN");
    Map<String, String> args = step.scope().args();
    if (!args.isEmpty()) {
      words.add("|" + args.size());
      args.forEach((k, v) -> words.add(k + "=" + v));
    }
    if (run.command().shellForm()) {
      words.addAll(step.scope().shell());
    }
    words.addAll(run.command().arguments());
    return String.join(" ", words);
  }
}
