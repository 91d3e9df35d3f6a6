package dev.strata.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.strata.Digest;
import java.nio.file.Path;

/**
 * An extracted layer, {@code layers/<chain id hex>/}: {@link #diff()} holds that one layer's files
 * (whiteouts as the extractor wrote them), shared read-only by every image and container whose
 * stack has the same layers up to here. {@code parent} is the chain id below (null for a base
 * layer) and {@code blob} the blob it was extracted from.
 */
public record LayerDir(
    Digest chainId, Digest diffId, Digest parent, Digest blob, @JsonIgnore Path path) {
  static final String METADATA = "layer.json";
  static final String DIFF = "diff";

  public Path diff() {
    return path.resolve(DIFF);
  }

  LayerDir at(Path p) {
    return new LayerDir(chainId, diffId, parent, blob, p);
  }
}
