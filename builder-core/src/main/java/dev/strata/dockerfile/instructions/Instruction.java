package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;

/**
 * One typed Dockerfile instruction. Every instruction keeps the {@link Node} it came from (line
 * range, original text, raw flags); its words are not expanded: the planner expands the ones Docker
 * expands, with the ARG and ENV values in scope.
 */
public sealed interface Instruction
    permits FromInstruction,
        RunInstruction,
        CmdInstruction,
        EntrypointInstruction,
        ShellInstruction,
        EnvInstruction,
        LabelInstruction,
        ArgInstruction,
        ExposeInstruction,
        VolumeInstruction,
        UserInstruction,
        WorkdirInstruction,
        CopyInstruction,
        AddInstruction,
        OnbuildInstruction,
        StopsignalInstruction,
        HealthcheckInstruction,
        MaintainerInstruction {
  /** The parsed node this instruction was made from. */
  Node node();

  /** The 1-based line the instruction starts on. */
  default int line() {
    return node().startLine();
  }
}
