package dev.strata.store;

import dev.strata.Digest;
import java.util.List;

/**
 * The outcome of a garbage collection: whether it ran (it is deferred, not waited for, while any
 * process holds a {@link Lease}), what it removed and how many bytes of blobs and layer directories
 * that freed.
 */
public record GcResult(
    boolean ran, List<Digest> removedBlobs, List<Digest> removedLayers, long freedBytes) {
  public GcResult {
    removedBlobs = List.copyOf(removedBlobs);
    removedLayers = List.copyOf(removedLayers);
  }

  static GcResult deferred() {
    return new GcResult(false, List.of(), List.of(), 0);
  }
}
