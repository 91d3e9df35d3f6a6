package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code EXPOSE port[/proto] ...}.
 *
 * @param ports the port words in order, unexpanded
 */
public record ExposeInstruction(Node node, List<String> ports) implements Instruction {
  public ExposeInstruction {
    Objects.requireNonNull(node, "node");
    ports = List.copyOf(ports);
  }
}
