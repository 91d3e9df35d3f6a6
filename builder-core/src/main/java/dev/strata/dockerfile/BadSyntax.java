package dev.strata.dockerfile;

/**
 * A syntax error found while splitting one instruction, before the parser knows its location; the
 * parser turns it into a {@link DockerfileSyntaxException} naming the file and line.
 */
final class BadSyntax extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadSyntax(String detail) {
    super(detail, null, false, false);
  }
}
