package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code ENTRYPOINT command}: sets the entrypoint of the image; an empty exec form ({@code
 * ENTRYPOINT []}) clears it.
 *
 * @param command the command, shell or exec form
 */
public record EntrypointInstruction(Node node, CommandLine command) implements Instruction {
  public EntrypointInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(command, "command");
  }
}
