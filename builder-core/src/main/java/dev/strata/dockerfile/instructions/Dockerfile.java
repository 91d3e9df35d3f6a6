package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Directives;
import dev.strata.dockerfile.ParseWarning;
import java.util.List;
import java.util.Objects;

/**
 * A Dockerfile as typed instructions grouped into stages: what {@link InstructionParser} returns
 * and the planner reads.
 *
 * @param fileName the name errors refer to
 * @param directives the parser directives (the escape character matters for word expansion)
 * @param metaArgs the ARGs before the first FROM, usable in FROM lines
 * @param stages the build stages in order
 * @param warnings the parser's warnings
 */
public record Dockerfile(
    String fileName,
    Directives directives,
    List<ArgInstruction> metaArgs,
    List<Stage> stages,
    List<ParseWarning> warnings) {
  public Dockerfile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(directives, "directives");
    metaArgs = List.copyOf(metaArgs);
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }
}
