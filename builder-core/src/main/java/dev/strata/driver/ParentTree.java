package dev.strata.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The tree a vfs snapshot's diff compares the snapshot with, one directory at a time: the parent's
 * layer directories merged ({@link LayerStack}), or the snapshot's own tree as it stood when it was
 * handed on from the step before ({@link RecordedTree}).
 */
interface ParentTree {
  /** A directory of the parent tree. */
  interface Dir {
    /** The entry called {@code name}, or null when the parent has none. */
    Entry child(String name) throws IOException;

    /** The names of every entry. */
    Collection<String> names() throws IOException;
  }

  /** An entry of the parent tree. */
  interface Entry {
    Stat stat();

    /** The directory, for a directory; else null. */
    Dir dir();

    /**
     * Whether {@code path}, whose metadata is {@code s}, is this entry by {@link EntryComparator}.
     */
    boolean same(Path path, Stat s) throws IOException;
  }
}
