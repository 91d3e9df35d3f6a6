package dev.strata.api;

import java.time.Instant;

/**
 * One step of an image's history, as {@code docker history} shows it: {@code image} is the image id
 * on the newest step and {@code <missing>} on the others (steps have no ids of their own), {@code
 * size} the stored (compressed) size of the layer the step made, 0 for a metadata-only step.
 */
public record HistoryEntry(
    String image,
    Instant created,
    String createdBy,
    long size,
    String comment,
    boolean emptyLayer) {
  public static final String MISSING = "<missing>";

  /** The 12-character id, or {@code <missing>}. */
  public String shortImage() {
    return MISSING.equals(image) ? image : Ids.shortId(image);
  }
}
