package dev.strata.layer;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link ChangeSet} as a tree of names in layer order, each node marked with what happened to it,
 * so that a layer's entries come out in tree order with their parents: how the layer writer writes
 * a change set and how a driver lays the same change set out as a layer directory.
 */
public final class ChangeTree {
  private final TreeMap<String, ChangeTree> children = new TreeMap<>(LayerPaths.BYTE_ORDER);
  private boolean present;
  private boolean deleted;
  private boolean opaque;

  private ChangeTree() {}

  /** The tree of {@code changes}; the root stands for the layer's root directory. */
  public static ChangeTree of(ChangeSet changes) {
    ChangeTree root = new ChangeTree();
    for (Change c : changes.changes()) {
      ChangeTree n = root.at(c.path());
      if (c.kind() == Change.Kind.DELETED) {
        n.deleted = true;
      } else {
        n.present = true;
      }
    }
    for (String d : changes.opaqueDirectories()) {
      ChangeTree n = root.at(d);
      n.present = true;
      n.opaque = true;
    }
    return root;
  }

  /** The node for {@code path}; its ancestors are the parents of the change. */
  private ChangeTree at(String path) {
    ChangeTree n = this;
    for (String part : path.split("/")) {
      n = n.children.computeIfAbsent(part, k -> new ChangeTree());
    }
    return n;
  }

  /** The named entries below this one, in layer order. */
  public SortedMap<String, ChangeTree> children() {
    return Collections.unmodifiableSortedMap(children);
  }

  /** Added, modified or opaque: an entry of the layer even without changes below it. */
  public boolean present() {
    return present;
  }

  /** Deleted from the parent (a whiteout, unless something of that name is present again). */
  public boolean deleted() {
    return deleted;
  }

  /** A directory that hides everything the parent had in it. */
  public boolean opaque() {
    return opaque;
  }

  /** Deleted and not made again: the layer holds a whiteout for it. */
  public boolean whitedOut() {
    return deleted && !present;
  }
}
