package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import java.util.List;

/**
 * What removing an image did, as {@code docker rmi} reports it: the references it untagged, the
 * images it deleted, and the garbage collection that followed (which may have been deferred).
 */
public record ImageRemoval(
    List<ImageReference> untagged, List<Digest> deleted, GcResult collection) {
  public ImageRemoval {
    untagged = List.copyOf(untagged);
    deleted = List.copyOf(deleted);
  }
}
