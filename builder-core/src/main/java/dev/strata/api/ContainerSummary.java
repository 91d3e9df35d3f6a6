package dev.strata.api;

import java.util.List;

/** One row of {@code strata ps}. */
public record ContainerSummary(
    String id,
    String name,
    String image,
    List<String> command,
    String created,
    String status,
    int exitCode) {
  public ContainerSummary {
    command = List.copyOf(command);
  }

  /** The first 12 hex digits of the id. */
  public String shortId() {
    return id.substring(0, 12);
  }
}
