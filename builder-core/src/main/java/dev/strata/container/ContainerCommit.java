package dev.strata.container;

import dev.strata.Digest;
import dev.strata.driver.Diff;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import dev.strata.store.Ingest;
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
  private final Store store;

  ContainerCommit(Store store) {
    this.store = store;
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
      LayerBlob blob;
      try (Ingest ingest = store.blobs().ingest()) {
        blob = new LayerWriter().write(diff.root(), diff.changes(), ingest.stream());
        ingest.commit(blob.size(), blob.digest());
      }
      layers.add(new Descriptor(blob.mediaType(), blob.digest(), blob.size()));
      next = base.withLayer(blob.diffId(), history);
    }
    next = next.withCreated(now, image.config().author());
    byte[] configJson = next.toJson();
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configJson);
    put(configJson, configDescriptor.digest());
    byte[] manifestJson = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layers).toJson();
    Digest id = Digest.sha256(manifestJson);
    put(manifestJson, id);
    store.images().add(id);
    store.images().tag(ref, id);
    return id;
  }

  private void put(byte[] bytes, Digest digest) throws IOException {
    if (store.blobs().exists(digest)) {
      return;
    }
    try (Ingest ingest = store.blobs().ingest()) {
      ingest.stream().write(bytes);
      ingest.commit(bytes.length, digest);
    }
  }
}
