package dev.strata.solver.copy;

import java.util.List;

/**
 * What a COPY or ADD wrote.
 *
 * @param targets where each selected source went, absolute paths inside the rootfs (after symbolic
 *     links in the rootfs were followed), in the order written
 * @param counts how much was written
 */
public record CopyResult(List<String> targets, Counts counts) {
  public CopyResult {
    targets = List.copyOf(targets);
  }

  /**
   * @param files regular files and special files created
   * @param directories directories created
   * @param links symbolic and hard links created
   * @param bytes file content bytes written (extracted archives not counted)
   * @param taken regular files (counted in {@code files}) taken from identical earlier files
   *     instead of written, see {@link EarlierFiles}
   */
  public record Counts(long files, long directories, long links, long bytes, long taken) {}
}
