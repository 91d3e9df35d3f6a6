package dev.strata.dockerfile.instructions;

/**
 * An instruction whose flags or arguments are wrong; {@link InstructionParser} adds the file and
 * line and rethrows it as a {@code DockerfileSyntaxException}.
 */
final class BadInstruction extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadInstruction(String detail) {
    super(detail, null, false, false);
  }
}
