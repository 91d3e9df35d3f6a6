package dev.strata.driver;

import dev.strata.layer.ChangeSet;
import java.nio.file.Path;

/**
 * What a snapshot changed against its parent, ready for {@link
 * dev.strata.layer.LayerWriter#write(Path, ChangeSet, java.io.OutputStream)}: the change set, and
 * the root to read the added and modified files from (valid while the snapshot stays prepared).
 */
public record Diff(ChangeSet changes, Path root) {}
