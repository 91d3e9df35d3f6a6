package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import java.util.List;

/**
 * An image a load or import put into the store: its id (manifest or index digest) and the names it
 * was tagged with (none for an image the archive did not name).
 */
public record LoadedImage(Digest id, List<ImageReference> names) {
  public LoadedImage {
    names = List.copyOf(names);
  }
}
