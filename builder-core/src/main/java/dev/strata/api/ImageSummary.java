package dev.strata.api;

import java.time.Instant;

/**
 * One row of {@code strata images}: an image under one of its names ({@code <none>} repository and
 * tag for an image nothing names). {@code id} is the full image id ({@code sha256:...}), {@code
 * created} the config's creation time (null when the config has none), {@code size} the bytes of
 * its config and layer blobs as stored (layers compressed).
 */
public record ImageSummary(String id, String repository, String tag, Instant created, long size) {
  public static final String NONE = "<none>";

  /** The 12-character id docker shows. */
  public String shortId() {
    return Ids.shortId(id);
  }
}
