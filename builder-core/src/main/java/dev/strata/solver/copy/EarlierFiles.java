package dev.strata.solver.copy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Files an earlier build left that a copy may take instead of writing a file again, where one at
 * the same path is identical in content and metadata to what it would write: typically when one
 * source file has changed since, and the copy would otherwise write thousands of files it wrote
 * before. Taking one allocates no inode and writes no data.
 *
 * <p>How a file is taken depends on who else may hold it:
 *
 * <ul>
 *   <li>{@link Take#LINK}: {@code files} is a layer directory, never written, and {@code target} is
 *       overlay's upper directory, which becomes a read-only layer once the step ends (a later step
 *       copies a file up before changing it): the two share the file. The link is made in {@code
 *       target} directly, so only in directories the copy made itself, which the rootfs shows as
 *       they are there.
 *   <li>{@link Take#MOVE}: {@code files} is a tree the caller alone owns (a spare vfs tree, see
 *       {@link dev.strata.store.SpareTrees}), and {@code target} is the rootfs itself, which the
 *       next step may change in place: the file moves, so nothing is shared.
 * </ul>
 *
 * @param files where the earlier files are, laid out as a rootfs, on the same file system as {@code
 *     target}
 * @param target the directory the snapshot's own entries are in, laid out as its rootfs
 */
public record EarlierFiles(Path files, Path target, Take take) {
  /** How a file is taken. */
  public enum Take {
    LINK,
    MOVE
  }

  public EarlierFiles {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(take, "take");
  }
}
