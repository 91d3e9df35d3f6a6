package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code ENV key=value ...} or the legacy {@code ENV key value}.
 *
 * @param variables the variables in order, unexpanded and still quoted
 */
public record EnvInstruction(Node node, List<KeyValue> variables) implements Instruction {
  public EnvInstruction {
    Objects.requireNonNull(node, "node");
    variables = List.copyOf(variables);
  }
}
