package dev.strata.store;

import dev.strata.Digest;
import java.io.IOException;
import java.util.Set;

/**
 * Content something other than an image reference needs kept: the cache index (layer blobs and
 * configs of cached steps), containers (their image and its layer directories). Registered with
 * {@link Store#addGcRoots}; the collector asks every registered root each time it runs.
 */
public interface GcRoots {
  /**
   * Blobs to keep. A manifest or index among them keeps everything it references, as an image does.
   */
  Set<Digest> blobs() throws IOException;

  /** Extracted layer directories (by chain id) to keep. */
  default Set<Digest> layers() throws IOException {
    return Set.of();
  }
}
