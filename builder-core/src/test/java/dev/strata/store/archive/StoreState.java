package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a store holds, to compare before and after an operation that must change nothing. */
record StoreState(List<Digest> blobs, List<Digest> layers, Map<String, String> references) {
  static StoreState of(Store store) throws IOException {
    Map<String, String> refs = new TreeMap<>();
    store.images().references().forEach((k, v) -> refs.put(k.toString(), v.toString()));
    for (var e : store.images().list()) {
      refs.put("image " + e.id(), e.mediaType());
    }
    return new StoreState(
        store.blobs().list().stream().sorted().toList(),
        store.layers().list().stream().sorted().toList(),
        refs);
  }

  /** Names of everything under {@code dir}, to show that nothing appeared or vanished there. */
  static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
