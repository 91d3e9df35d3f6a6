package dev.strata.store;

import dev.strata.Digest;
import dev.strata.layer.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Unpacks one layer blob into a directory. {@code dev.strata.layer}'s applier plugs in here; the
 * store only decides where and when, and publishes the result atomically.
 */
@FunctionalInterface
public interface LayerExtractor {
  /**
   * Applies the layer in {@code blob} (compressed as its media type says; the extractor detects or
   * is told the compression) to the empty directory {@code target}, confined to it, and returns the
   * diff id: the sha256 of the uncompressed tar stream it applied. The store compares it with the
   * image config's diff id before publishing.
   */
  Digest extract(InputStream blob, Path target) throws IOException;

  /** An extractor that applies layers with {@code applier}: confined, whiteouts kept as written. */
  static LayerExtractor applying(LayerApplier applier) {
    return (blob, target) -> applier.apply(blob, target).diffId();
  }

  /**
   * The extractor strata uses: {@link LayerApplier} with its default options (owners and devices
   * restored when running as root).
   */
  static LayerExtractor standard() {
    return applying(new LayerApplier());
  }
}
