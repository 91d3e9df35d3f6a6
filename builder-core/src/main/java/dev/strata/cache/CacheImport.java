package dev.strata.cache;

import dev.strata.StrataException;
import dev.strata.store.Store;
import dev.strata.store.archive.LayerCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hits from exported cache ({@code --cache-from}): when the local index misses a key that a remote
 * holds, the entry's layer blobs are fetched into the store, each verified by size and digest and
 * unpacked once to check its diff id, and only then is the entry recorded in the local index and
 * used. A remote that cannot be read, or an entry whose bytes do not verify, is reported as a
 * warning and the step runs instead: exported cache can save work but never change a result.
 */
public final class CacheImport {
  private final Store store;
  private final CacheIndex index;
  private final List<CacheRemote> remotes;
  private final Consumer<String> warnings;
  private List<Loaded> loaded;

  private record Loaded(CacheRemote remote, CacheArtifact artifact) {}

  public CacheImport(
      Store store, CacheIndex index, List<CacheRemote> remotes, Consumer<String> warnings) {
    this.store = store;
    this.index = index;
    this.remotes = List.copyOf(remotes);
    this.warnings = warnings;
  }

  /**
   * The entry for {@code key} from the first remote that holds a sound one, recorded in the local
   * index; empty when none does.
   */
  public synchronized Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    for (Loaded l : loaded()) {
      Optional<CacheEntry> entry = l.artifact().entry(key);
      if (entry.isEmpty()) {
        continue;
      }
      try {
        fetch(l.remote(), entry.get());
        index.record(entry.get());
        return index.lookup(key);
      } catch (StrataException | IOException e) {
        warnings.accept(
            "cache from " + l.remote().name() + ": entry " + key + " rejected: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  private List<Loaded> loaded() {
    if (loaded == null) {
      List<Loaded> out = new ArrayList<>();
      for (CacheRemote remote : remotes) {
        try {
          remote.read().ifPresent(a -> out.add(new Loaded(remote, a)));
        } catch (StrataException | IOException e) {
          warnings.accept("cache from " + remote.name() + " ignored: " + e.getMessage());
        }
      }
      loaded = out;
    }
    return loaded;
  }

  private void fetch(CacheRemote remote, CacheEntry entry) throws IOException {
    for (CachedLayer layer : entry.layers()) {
      if (store.blobs().exists(layer.blob()) && store.blobs().size(layer.blob()) == layer.size()) {
        continue;
      }
      remote.fetch(layer.descriptor(), store.blobs());
      // The blob is what the entry names; that it unpacks to the diff id the image will list is
      // the remaining claim to check before anything refers to it.
      LayerCheck.verify(store.blobs(), layer.blob(), layer.mediaType(), layer.diffId(), "");
    }
  }
}
