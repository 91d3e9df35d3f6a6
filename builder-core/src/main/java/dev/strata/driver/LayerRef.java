package dev.strata.driver;

import dev.strata.Digest;
import java.util.Objects;

/**
 * One layer of a chain as a storage driver needs it: its diff id (which, with the layers below,
 * names its directory under {@code layers/}) and the blob to extract it from when that directory is
 * not there yet.
 */
public record LayerRef(Digest diffId, Digest blob) {
  public LayerRef {
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(blob, "blob");
  }
}
