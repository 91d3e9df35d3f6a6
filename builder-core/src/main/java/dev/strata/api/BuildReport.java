package dev.strata.api;

import java.util.List;

/**
 * A finished build, in the shape of {@code --metadata-file}.
 *
 * @param imageId the image's id in the store, which every strata command accepts: the digest of its
 *     manifest (docker uses its config's digest; the manifest's names exactly what is pushed)
 * @param manifestDigest the digest of its manifest
 * @param steps every step of the stages built
 * @param warnings what the plan or the build warned about
 */
public record BuildReport(
    String imageId, String manifestDigest, List<Step> steps, List<String> warnings) {
  public BuildReport {
    steps = List.copyOf(steps);
    warnings = List.copyOf(warnings);
  }

  /**
   * One step.
   *
   * @param stage the stage's label
   * @param index the 1-based index in the stage
   * @param instruction the instruction on one line, expanded
   * @param line its first line
   * @param cacheKey its cache key
   * @param cached whether it hit
   * @param layerDigest the layer it added, or null
   * @param layerSize its compressed size, 0 for none
   * @param durationMs how long it ran (0 for hits)
   * @param missReason why it missed, or null for hits
   */
  public record Step(
      String stage,
      int index,
      String instruction,
      int line,
      String cacheKey,
      boolean cached,
      String layerDigest,
      long layerSize,
      long durationMs,
      String missReason) {}

  /** How many steps ran. */
  public long ran() {
    return steps.stream().filter(s -> !s.cached()).count();
  }

  /** How many steps hit the cache. */
  public long cached() {
    return steps.stream().filter(Step::cached).count();
  }
}
