package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code VOLUME path ...} or {@code VOLUME ["path", ...]}.
 *
 * @param volumes the paths in order, trimmed, unexpanded, never empty strings
 */
public record VolumeInstruction(Node node, List<String> volumes) implements Instruction {
  public VolumeInstruction {
    Objects.requireNonNull(node, "node");
    volumes = List.copyOf(volumes);
  }
}
