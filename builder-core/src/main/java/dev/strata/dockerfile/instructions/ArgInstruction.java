package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code ARG name[=default] ...}: declares build arguments.
 *
 * @param args the declarations in order, unexpanded
 */
public record ArgInstruction(Node node, List<ArgDefinition> args) implements Instruction {
  public ArgInstruction {
    Objects.requireNonNull(node, "node");
    args = List.copyOf(args);
  }
}
