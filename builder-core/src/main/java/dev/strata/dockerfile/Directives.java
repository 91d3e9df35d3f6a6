package dev.strata.dockerfile;

import java.util.Objects;
import java.util.Optional;

/**
 * The parser directives of a Dockerfile ({@code # escape=}, {@code # syntax=}, {@code # check=}),
 * read from the leading run of directive comments.
 *
 * @param escape the escape character, {@code \} (the default) or {@code `}; it also continues lines
 * @param syntax the raw value of {@code # syntax=}, if given
 * @param check the raw value of {@code # check=}, if given (e.g. {@code skip=JSONArgsRecommended})
 */
public record Directives(char escape, Optional<String> syntax, Optional<String> check) {
  /** The directives of a Dockerfile that declares none. */
  public static final Directives DEFAULT = new Directives('\\', Optional.empty(), Optional.empty());

  public Directives {
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape must be \\ or `, not " + escape);
    }
    Objects.requireNonNull(syntax, "syntax");
    Objects.requireNonNull(check, "check");
  }
}
