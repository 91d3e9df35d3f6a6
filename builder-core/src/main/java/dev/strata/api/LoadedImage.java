package dev.strata.api;

import java.util.List;

/**
 * An image {@code load} or {@code import} put into the store: its full id and the names (familiar
 * form, {@code app:1.0}) it was tagged with; no names when the archive did not name it.
 */
public record LoadedImage(String id, List<String> names) {
  public LoadedImage {
    names = List.copyOf(names);
  }
}
