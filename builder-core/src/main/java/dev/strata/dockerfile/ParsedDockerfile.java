package dev.strata.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * A Dockerfile turned into its raw tree: what {@link DockerfileParser} returns.
 *
 * @param fileName the name errors and warnings refer to
 * @param directives the parser directives from the top of the file
 * @param nodes the instructions in source order
 * @param warnings things that parse but should be fixed
 */
public record ParsedDockerfile(
    String fileName, Directives directives, List<Node> nodes, List<ParseWarning> warnings) {
  public ParsedDockerfile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(directives, "directives");
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }
}
