package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code SHELL ["executable", "parameters"]}: the shell that runs later shell-form commands.
 *
 * @param shell the JSON array's strings, never empty
 */
public record ShellInstruction(Node node, List<String> shell) implements Instruction {
  public ShellInstruction {
    Objects.requireNonNull(node, "node");
    shell = List.copyOf(shell);
  }
}
