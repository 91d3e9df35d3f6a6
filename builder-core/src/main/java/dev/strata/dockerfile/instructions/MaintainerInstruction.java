package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code MAINTAINER maintainer}.
 *
 * @param maintainer the author, as written (deprecated in favour of a label)
 */
public record MaintainerInstruction(Node node, String maintainer) implements Instruction {
  public MaintainerInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(maintainer, "maintainer");
  }
}
