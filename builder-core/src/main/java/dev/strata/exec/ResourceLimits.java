package dev.strata.exec;

import java.util.OptionalLong;

/**
 * Cgroup limits for a process. An executor applies each one only where the host's cgroup setup has
 * the controller (and the chroot executor, which uses no cgroups, applies none); a limit the host
 * cannot enforce is left out rather than failing the run, as docker does with a warning.
 */
public record ResourceLimits(OptionalLong memoryBytes, OptionalLong pidsMax) {
  /** No limits. */
  public static final ResourceLimits NONE =
      new ResourceLimits(OptionalLong.empty(), OptionalLong.empty());

  public ResourceLimits {
    if (memoryBytes.isPresent() && memoryBytes.getAsLong() <= 0) {
      throw new IllegalArgumentException("memory limit must be positive");
    }
    if (pidsMax.isPresent() && pidsMax.getAsLong() <= 0) {
      throw new IllegalArgumentException("pids limit must be positive");
    }
  }
}
