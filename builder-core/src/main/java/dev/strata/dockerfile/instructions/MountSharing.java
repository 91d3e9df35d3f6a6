package dev.strata.dockerfile.instructions;

import java.util.Locale;

/** How concurrent builds share a cache mount ({@code sharing=}). */
public enum MountSharing {
  /** All writers use the same directory at once. */
  SHARED,
  /** Each concurrent writer gets its own directory. */
  PRIVATE,
  /** Writers wait for each other. */
  LOCKED;

  /** The value as written in a Dockerfile. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
