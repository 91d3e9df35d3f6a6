package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code USER user}.
 *
 * @param user the user (and group) later instructions and the container run as, {@code
 *     name[:group]} as written
 */
public record UserInstruction(Node node, String user) implements Instruction {
  public UserInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(user, "user");
  }
}
