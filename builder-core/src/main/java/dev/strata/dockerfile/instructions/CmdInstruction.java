package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code CMD command}: sets the default command of the image; an empty exec form ({@code CMD []})
 * clears it.
 *
 * @param command the command, shell or exec form
 */
public record CmdInstruction(Node node, CommandLine command) implements Instruction {
  public CmdInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(command, "command");
  }
}
