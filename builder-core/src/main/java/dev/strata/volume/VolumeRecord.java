package dev.strata.volume;

import java.util.Map;

/** A named volume as kept in {@code volumes/<name>/volume.json}. */
public record VolumeRecord(String name, String driver, Map<String, String> labels, String created) {
  public VolumeRecord {
    labels = Map.copyOf(labels);
  }
}
