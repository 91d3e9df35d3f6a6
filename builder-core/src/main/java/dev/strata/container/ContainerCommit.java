package dev.strata.container;

import dev.strata.Digest;
import dev.strata.driver.Diff;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import dev.strata.store.ImageWriter;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a container's read-write layer into a new image: the diff written as a layer blob on top of
 * the container's image, with a history entry and the config changes asked for. The same blob,
 * config and manifest steps as a build, so the image is indistinguishable from a built one.
 */
final class ContainerCommit {
  private final ImageWriter images;

  ContainerCommit(Store store) {
    this.images = new ImageWriter(store);
  }

  /** Writes the image and tags it {@code ref}; returns its id. */
  Digest write(
      ResolvedImage image,
      Diff diff,
      ContainerConfig config,
      String createdBy,
      String comment,
      ImageReference ref)
      throws IOException {
    ImageConfig base = image.config().withConfig(config);
    Instant now = Instant.now();
    List<Descriptor> layers = new ArrayList<>(image.manifest().layers());
    ImageConfig next;
    History history = new History(now, null, createdBy, comment, false);
    if (diff.changes().isEmpty()) {
      next = base.withEmptyLayerHistory(history);
    } else {
      LayerBlob blob = images.writeLayer(new LayerWriter(), diff.root(), diff.changes());
      layers.add(new Descriptor(blob.mediaType(), blob.digest(), blob.size()));
      next = base.withLayer(blob.diffId(), history);
    }
    next = next.withCreated(now, image.config().author());
    return images.write(next, layers, List.of(ref));
  }
}
