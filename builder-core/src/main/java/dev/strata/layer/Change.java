package dev.strata.layer;

/**
 * One path that differs between a snapshot and its parent: added, modified (content or metadata) or
 * deleted. Paths are relative to the snapshot root, '/'-separated, without a leading slash.
 */
public record Change(String path, Kind kind) {
  /** What happened to the path. */
  public enum Kind {
    ADDED,
    MODIFIED,
    DELETED
  }

  public Change {
    path = LayerPaths.normalizeRelative(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a change needs a path below the root");
    }
  }

  public static Change added(String path) {
    return new Change(path, Kind.ADDED);
  }

  public static Change modified(String path) {
    return new Change(path, Kind.MODIFIED);
  }

  public static Change deleted(String path) {
    return new Change(path, Kind.DELETED);
  }
}
