package dev.strata.dockerfile.instructions;

import java.util.Locale;

/** The security mode of a RUN step ({@code RUN --security=...}). */
public enum SecurityMode {
  /** The default confinement. */
  SANDBOX,
  /** Privileged, which the user must have allowed for the build. */
  INSECURE;

  /** The value as written in a Dockerfile. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
