package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import java.time.Instant;
import java.util.List;

/**
 * An image the store holds: its id (the digest of its manifest or index), that document's media
 * type, when it was added, and the references (name:tag) that point at it, sorted. An image with no
 * references is dangling, like Docker's {@code <none>:<none>}.
 */
public record ImageEntry(
    Digest id, String mediaType, Instant added, List<ImageReference> references) {
  public ImageEntry {
    references = List.copyOf(references);
  }

  public boolean dangling() {
    return references.isEmpty();
  }
}
