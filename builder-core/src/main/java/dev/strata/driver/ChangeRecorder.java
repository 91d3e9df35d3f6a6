package dev.strata.driver;

import dev.strata.layer.Change;
import dev.strata.layer.ChangeSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects what a driver found while comparing a snapshot with its parent and makes the change set.
 * One rule turns deletions into layer entries for both drivers, so that they write the same layer
 * however they found the deletions: a directory that kept none of the entries its parent had
 * (emptied, or deleted and made again) becomes opaque, one marker instead of a whiteout per name;
 * otherwise each deleted name gets its whiteout. A deleted directory is one deletion, never its
 * contents.
 */
final class ChangeRecorder {
  private final List<Change> changes = new ArrayList<>();
  private final Set<String> opaque = new TreeSet<>();

  /** {@code rel} is in the snapshot and differs from the parent's ({@code inParent}) or is new. */
  void changed(String rel, boolean inParent) {
    changes.add(inParent ? Change.modified(rel) : Change.added(rel));
  }

  /**
   * The entries {@code deleted} of directory {@code dirRel}, a directory in the snapshot and in the
   * parent, where it had {@code parentEntries} entries, are gone from the snapshot.
   */
  void deletedIn(String dirRel, Collection<String> deleted, int parentEntries) {
    if (deleted.isEmpty()) {
      return;
    }
    // The root has no entry of its own to carry an opaque marker.
    if (!dirRel.isEmpty() && deleted.size() == parentEntries) {
      opaque.add(dirRel);
      return;
    }
    for (String name : deleted) {
      changes.add(Change.deleted(TreePaths.join(dirRel, name)));
    }
  }

  ChangeSet changeSet() {
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(Change::path, TreePaths.BYTE_ORDER));
    return new ChangeSet(sorted, opaque);
  }
}
