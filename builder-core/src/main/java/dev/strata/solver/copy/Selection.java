package dev.strata.solver.copy;

import java.util.List;

/** One thing a COPY or ADD writes at its destination, chosen before anything is written. */
sealed interface Selection {
  /** The source word it came from, for messages. */
  String spec();

  /** Whether it is written as a directory (its contents merge into the destination). */
  boolean directoryLike();

  /**
   * A file, link, special file or directory of the source tree with what is copied below it.
   *
   * @param name the file name it gets inside a directory destination (the matched name, before any
   *     link is followed)
   * @param root the entry, with symbolic links in its path and the entry itself followed
   * @param items what is copied below a directory, in walk order, paths relative to {@code root}
   * @param includePatterns whether {@code --parents} patterns chose the items (existing directories
   *     then keep their metadata)
   * @param unpack whether ADD extracts it as an archive instead of copying it
   */
  record Tree(
      String spec,
      String name,
      SourceTree tree,
      SourceEntry root,
      List<Item> items,
      boolean includePatterns,
      boolean unpack)
      implements Selection {
    @Override
    public boolean directoryLike() {
      return root.isDirectory() || unpack;
    }
  }

  /**
   * An entry below a selected directory.
   *
   * @param rel its path relative to the selected directory
   * @param entry the entry (its path relative to the tree root)
   * @param included false for a directory that is only there because something below it is copied
   *     (created if missing, never changed if present)
   */
  record Item(String rel, SourceEntry entry, boolean included) {}

  /** A heredoc. */
  record Inline(String spec, InlineFile file) implements Selection {
    @Override
    public boolean directoryLike() {
      return false;
    }
  }

  /** An ADD URL, fetched when the copy runs or its digest is asked for. */
  record Remote(String spec, String url, String fileName, boolean unpack) implements Selection {
    @Override
    public boolean directoryLike() {
      return false;
    }
  }
}
