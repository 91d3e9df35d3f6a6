package dev.strata.dockerfile.instructions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index the stage's position, 0 for the first FROM
 * @param name the lower-cased name from {@code AS name}
 * @param from the FROM that starts the stage
 * @param instructions the stage's other instructions in order
 */
public record Stage(
    int index, Optional<String> name, FromInstruction from, List<Instruction> instructions) {
  public Stage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(from, "from");
    instructions = List.copyOf(instructions);
  }
}
