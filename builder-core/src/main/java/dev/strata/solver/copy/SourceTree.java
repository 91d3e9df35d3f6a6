package dev.strata.solver.copy;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a copy reads from: the visible entries of a tree, looked up and listed without ever
 * following a symbolic link, and file contents read without leaving the tree.
 */
interface SourceTree {
  /** How errors name the tree: "the build context", "stage rootfs /x". */
  String describe();

  /** Whether the copy keeps the entries' owners (a rootfs) or resets them (a build context). */
  boolean keepsOwners();

  /** The entry at clean relative {@code path} ("" for the root), if it exists and is visible. */
  Optional<SourceEntry> lookup(String path);

  /**
   * {@code path} (a visible directory or file, reached without links) and every visible entry below
   * it, in {@link dev.strata.context.ContextEntry#PATH_ORDER}, {@code path} first.
   */
  List<SourceEntry> walk(String path);

  /** Opens the regular file at {@code path} for reading, refusing links on the way. */
  default SeekableByteChannel open(String path) throws IOException {
    return ConfinedFiles.open(hostPath(""), path);
  }

  /** Opens many regular files as {@link #open} does, for one copy; close it after the copy. */
  default ConfinedFiles.Opener opener() {
    return new ConfinedFiles.Opener(hostPath(""));
  }

  /** Where {@code path} is on the host, for reading extended attributes. */
  Path hostPath(String path);

  /** The sha256 of the content of each regular file in {@code files}, by path. */
  Map<String, Digest> digests(Collection<String> files);
}
