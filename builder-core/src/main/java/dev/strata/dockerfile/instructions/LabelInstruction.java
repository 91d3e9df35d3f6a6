package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code LABEL key=value ...} or the legacy {@code LABEL key value}.
 *
 * @param labels the labels in order, unexpanded and still quoted
 */
public record LabelInstruction(Node node, List<KeyValue> labels) implements Instruction {
  public LabelInstruction {
    Objects.requireNonNull(node, "node");
    labels = List.copyOf(labels);
  }
}
