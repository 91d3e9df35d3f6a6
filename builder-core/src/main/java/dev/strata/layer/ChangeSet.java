package dev.strata.layer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a layer records: the changed paths and the directories made opaque (whose lower content is
 * hidden, as an overlayfs upper directory with {@code trusted.overlay.opaque=y} says). A storage
 * driver produces it by comparing trees (vfs) or reading an overlay upper directory.
 *
 * <p>Every path to be written is listed: an added directory brings only itself, its contents are
 * changes of their own. The writer adds the parent directories of every change (as containerd
 * does), so that applying a layer restores their modes, owners and times.
 */
public record ChangeSet(List<Change> changes, Set<String> opaqueDirectories) {
  public ChangeSet {
    changes = List.copyOf(changes);
    TreeSet<String> opaque = new TreeSet<>();
    for (String d : opaqueDirectories) {
      opaque.add(LayerPaths.normalizeRelative(d));
    }
    opaqueDirectories = java.util.Collections.unmodifiableSet(opaque);
  }

  public static ChangeSet of(Collection<Change> changes) {
    return new ChangeSet(new ArrayList<>(changes), Set.of());
  }

  public static ChangeSet of(Change... changes) {
    return new ChangeSet(List.of(changes), Set.of());
  }

  /** This change set with {@code directories} also marked opaque. */
  public ChangeSet withOpaque(String... directories) {
    TreeSet<String> all = new TreeSet<>(opaqueDirectories);
    all.addAll(List.of(directories));
    return new ChangeSet(changes, all);
  }

  public boolean isEmpty() {
    return changes.isEmpty() && opaqueDirectories.isEmpty();
  }
}
