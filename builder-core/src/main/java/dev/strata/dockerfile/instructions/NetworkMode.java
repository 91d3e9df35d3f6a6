package dev.strata.dockerfile.instructions;

import java.util.Locale;

/** The network a RUN step sees ({@code RUN --network=...}). */
public enum NetworkMode {
  /** The builder's default network. */
  DEFAULT,
  /** No network: only a loopback interface. */
  NONE,
  /** The host's network namespace. */
  HOST;

  /** The value as written in a Dockerfile. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
