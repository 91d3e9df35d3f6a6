package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code STOPSIGNAL signal}.
 *
 * @param signal the signal that stops the container, as written
 */
public record StopsignalInstruction(Node node, String signal) implements Instruction {
  public StopsignalInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(signal, "signal");
  }
}
