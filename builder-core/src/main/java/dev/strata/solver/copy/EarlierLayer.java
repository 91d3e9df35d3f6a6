package dev.strata.solver.copy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An earlier layer whose files a copy may hard-link into its snapshot instead of writing them
 * again, where it holds a file identical in content and metadata at the same path: typically the
 * layer the same step made in the previous build, when one source file has changed since.
 *
 * <p>Only sound where neither side is ever written again: {@code files} is a layer directory, and
 * {@code upper} is where the snapshot's writes land (overlay's upper directory, which becomes a
 * read-only layer once the step ends; later steps copy a file up before changing it). The link is
 * made in {@code upper} directly, so only in directories the copy made itself, which the rootfs
 * shows as they are there.
 *
 * @param files the earlier layer's directory, on the same file system as {@code upper}
 * @param upper the directory the snapshot's own entries are in, laid out as its rootfs
 */
public record EarlierLayer(Path files, Path upper) {
  public EarlierLayer {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(upper, "upper");
  }
}
