package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Disk usage for {@code strata system df}: per image its blob bytes, split into shared (blobs
 * another image also uses) and unique (freed if the image alone were removed); the bytes of all
 * blobs, of blobs nothing keeps (what garbage collection would free), and of extracted layer
 * directories. Image sizes count blobs as stored (layers compressed), not extracted sizes.
 */
public record DiskUsage(
    List<ImageUsage> images, long blobBytes, long reclaimableBytes, long layerDirBytes) {
  public DiskUsage {
    images = List.copyOf(images);
  }

  /** One image's share of the blob store. */
  public record ImageUsage(
      Digest id, List<ImageReference> references, long size, long sharedSize, long uniqueSize) {
    public ImageUsage {
      references = List.copyOf(references);
    }
  }

  static DiskUsage compute(Store store) throws IOException {
    BlobStore blobs = store.blobs();
    Map<Digest, Long> sizes = new HashMap<>();
    for (Digest d : blobs.list()) {
      try {
        sizes.put(d, blobs.size(d));
      } catch (BlobNotFoundException e) {
        // Collected meanwhile.
      }
    }
    List<ImageEntry> entries = store.images().list();
    Map<Digest, Set<Digest>> contents = new HashMap<>();
    Map<Digest, Integer> users = new HashMap<>();
    for (ImageEntry e : entries) {
      Set<Digest> present = ImageContent.walk(blobs, e.id(), e.mediaType()).present();
      contents.put(e.id(), present);
      present.forEach(d -> users.merge(d, 1, Integer::sum));
    }
    List<ImageUsage> usages = new ArrayList<>();
    for (ImageEntry e : entries) {
      long size = 0;
      long shared = 0;
      for (Digest d : contents.get(e.id())) {
        long s = sizes.getOrDefault(d, 0L);
        size += s;
        if (users.get(d) > 1) {
          shared += s;
        }
      }
      usages.add(new ImageUsage(e.id(), e.references(), size, shared, size - shared));
    }
    Set<Digest> kept = GarbageCollector.mark(store).blobs();
    long total = 0;
    long reclaimable = 0;
    for (var s : sizes.entrySet()) {
      total += s.getValue();
      if (!kept.contains(s.getKey())) {
        reclaimable += s.getValue();
      }
    }
    return new DiskUsage(usages, total, reclaimable, Trees.size(store.layers().directory()));
  }
}
