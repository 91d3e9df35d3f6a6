package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;

/**
 * {@code RUN [--mount=...]... [--network=...] [--security=...] command}.
 *
 * @param command the command, shell or exec form; {@code RUN <<EOF} is the shell-form text {@code
 *     <<EOF} with the script in {@code heredocs}
 * @param heredocs the here-documents the command reads, in order
 * @param mounts the {@code --mount} flags in order, values unexpanded
 * @param network the {@code --network} mode ({@code default} when not given)
 * @param security the {@code --security} mode ({@code sandbox} when not given)
 */
public record RunInstruction(
    Node node,
    CommandLine command,
    List<Heredoc> heredocs,
    List<RunMount> mounts,
    NetworkMode network,
    SecurityMode security)
    implements Instruction {
  public RunInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(command, "command");
    heredocs = List.copyOf(heredocs);
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(security, "security");
  }
}
