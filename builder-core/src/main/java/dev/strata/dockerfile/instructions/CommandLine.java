package dev.strata.dockerfile.instructions;

import java.util.List;

/**
 * The command of RUN, CMD or ENTRYPOINT as written.
 *
 * @param arguments in exec form the JSON array's strings; in shell form at most one string, the
 *     command text verbatim (quotes and variables untouched), to be run by the SHELL in force
 * @param shellForm true for shell form, false for exec (JSON) form
 */
public record CommandLine(List<String> arguments, boolean shellForm) {
  public CommandLine {
    arguments = List.copyOf(arguments);
    if (shellForm && arguments.size() > 1) {
      throw new IllegalArgumentException("a shell-form command is one string");
    }
  }

  /** Whether nothing at all was given ({@code CMD []}, or the keyword alone). */
  public boolean isEmpty() {
    return arguments.isEmpty();
  }
}
