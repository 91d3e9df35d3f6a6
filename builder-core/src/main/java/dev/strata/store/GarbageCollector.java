package dev.strata.store;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mark and sweep over blobs and layer directories. Marks: every recorded image (and what its
 * manifest or index reaches), every registered {@link GcRoots}. Sweeps everything else, and every
 * {@link SpareTrees spare tree}. Runs only when no process holds a {@link Lease}, and under the
 * store lock, so content being written and not yet rooted is never taken.
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
final class GarbageCollector {
  private final Store store;

  GarbageCollector(Store store) {
    this.store = store;
  }

  GcResult collect() throws IOException {
    Optional<StoreLock> gc = store.locks().tryCollect();
    if (gc.isEmpty()) {
      return GcResult.deferred();
    }
    try (StoreLock collecting = gc.get();
        StoreLock lock = store.lock()) {
      Marks marks = mark(store);
      List<Digest> removedBlobs = new ArrayList<>();
      List<Digest> removedLayers = new ArrayList<>();
      long freed = 0;
      BlobStore blobs = store.blobs();
      for (Digest d : blobs.list()) {
        if (!marks.blobs.contains(d)) {
          long size = sizeOrZero(blobs, d);
          if (blobs.delete(d)) {
            removedBlobs.add(d);
            freed += size;
          }
        }
      }
      // The segment tables of the blobs just removed, and any a killed process left behind.
      store.segments().pruneOrphans();
      // Spare trees only save time, and may be large.
      freed += store.spares().removeAll();
      LayerStore layers = store.layers();
      for (Digest chain : layers.list()) {
        if (!marks.layers.contains(chain)) {
          freed += Trees.freedByRemoving(layers.path(chain));
          layers.remove(chain);
          removedLayers.add(chain);
        }
      }
      return new GcResult(true, removedBlobs, removedLayers, freed);
    }
  }

  private static long sizeOrZero(BlobStore blobs, Digest d) throws IOException {
    try {
      return blobs.size(d);
    } catch (BlobNotFoundException e) {
      return 0;
    }
  }

  record Marks(Set<Digest> blobs, Set<Digest> layers) {}

  /** What is reachable from the images and the registered roots. */
  static Marks mark(Store store) throws IOException {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> layers = new HashSet<>();
    Catalog catalog = store.images().catalog();
    for (var e : catalog.images().entrySet()) {
      ImageContent c =
          ImageContent.walk(store.blobs(), Digest.parse(e.getKey()), e.getValue().mediaType());
      blobs.addAll(c.present());
      layers.addAll(c.chainIds());
    }
    for (GcRoots roots : store.gcRoots()) {
      for (Digest d : roots.blobs()) {
        try {
          ImageContent c = ImageContent.walk(store.blobs(), d, null);
          blobs.addAll(c.present());
          layers.addAll(c.chainIds());
        } catch (NoSuchFileException | BlobNotFoundException e) {
          // A root may name content that is already gone; nothing to keep then.
        }
      }
      layers.addAll(roots.layers());
    }
    return new Marks(blobs, layers);
  }
}
