package dev.strata.dockerfile;

import java.util.Objects;

/**
 * Something in the Dockerfile that parses but should be fixed, like an empty line inside a
 * continued instruction.
 *
 * @param line the 1-based line the warning is reported at
 * @param message one line saying what was found, e.g. {@code Empty continuation line found in: RUN
 *     apk add curl}
 * @param detail why it matters
 */
public record ParseWarning(int line, String message, String detail) {
  public ParseWarning {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(detail, "detail");
  }
}
