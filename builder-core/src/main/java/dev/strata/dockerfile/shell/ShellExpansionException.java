package dev.strata.dockerfile.shell;

import dev.strata.StrataException;

/**
 * A word that cannot be expanded: a malformed substitution (<code>${}</code>, a missing <code>}
 * </code>), an unterminated quote, an unsupported modifier, a bad pattern, or a {@code
 * ${VAR?message}} whose variable is unset. The message is one line naming the problem and the word;
 * callers add the file and line.
 */
public class ShellExpansionException extends StrataException {
  private static final long serialVersionUID = 1L;

  public ShellExpansionException(String message) {
    super(message);
  }
}
