package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code WORKDIR path}.
 *
 * @param path the working directory, as written (relative paths are relative to the previous one)
 */
public record WorkdirInstruction(Node node, String path) implements Instruction {
  public WorkdirInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(path, "path");
  }
}
