package dev.strata.plan;

import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.Mount;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instruction of a stage, ready to run: its words expanded as docker build expands them.
 *
 * @param stage the index of the stage in the Dockerfile
 * @param index the 1-based position in the stage (FROM is not a step)
 * @param instruction the instruction with its arguments, flags and COPY/ADD heredoc bodies
 *     expanded; RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK commands stay as written since the
 *     shell expands them; WORKDIR is absolute
 * @param scope the state the step runs in
 * @param origins for COPY --from and RUN --mount from=, what each {@code from} value names
 * @param mounts for RUN, its --mount options with their values expanded
 * @param text the instruction on one line as it will run, for progress, history and errors
 * @param trigger whether the step came from an ONBUILD trigger of the base image
 */
public record Step(
    int stage,
    int index,
    Instruction instruction,
    StepScope scope,
    Map<String, Origin> origins,
    List<Mount> mounts,
    String text,
    boolean trigger) {
  public Step {
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(scope, "scope");
    origins = Map.copyOf(origins);
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(text, "text");
  }

  /** The first line of the instruction in the Dockerfile. */
  public int startLine() {
    return instruction.node().startLine();
  }

  /** The last line, continuation lines and heredoc bodies included. */
  public int endLine() {
    return instruction.node().endLine();
  }

  /** The instruction keyword in upper case, as written in history. */
  public String keyword() {
    return instruction.node().keyword().toUpperCase(java.util.Locale.ROOT);
  }
}
