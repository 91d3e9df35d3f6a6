package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.layer.ChangeSet;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes new images into the store, for builds and container commits alike: a layer blob from a
 * change set, then the config and OCI manifest as canonical JSON blobs, the image record and its
 * tags. Every blob goes through the verifying ingest.
 */
public final class ImageWriter {
  private final Store store;

  public ImageWriter(Store store) {
    this.store = store;
  }

  /** Writes the layer of {@code changes} (read below {@code root}) as a blob. */
  public LayerBlob writeLayer(LayerWriter writer, Path root, ChangeSet changes) throws IOException {
    try (Ingest ingest = store.blobs().ingest()) {
      LayerBlob blob = writer.write(root, changes, ingest.stream());
      ingest.commit(blob.size(), blob.digest());
      if (blob.segments().isPresent()) {
        try {
          store.segments().write(blob.digest(), blob.segments().get());
        } catch (IOException e) {
          // The table only saves a later layer some compressing: the layer itself is stored.
        }
      }
      return blob;
    }
  }

  /** Writes the image and tags it; returns its id, the manifest digest. */
  public Digest write(ImageConfig config, List<Descriptor> layers, List<ImageReference> tags)
      throws IOException {
    byte[] configJson = config.toJson();
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configJson);
    put(configJson, configDescriptor.digest());
    byte[] manifestJson = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layers).toJson();
    Digest id = Digest.sha256(manifestJson);
    put(manifestJson, id);
    store.images().add(id);
    for (ImageReference tag : tags) {
      store.images().tag(tag, id);
    }
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
