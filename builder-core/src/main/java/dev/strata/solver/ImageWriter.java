package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.Ingest;
import dev.strata.store.Store;
import java.io.IOException;
import java.util.List;

/**
 * Writes a built image into the store: its config and OCI manifest as canonical JSON blobs, the
 * image record, and its tags. The layers are in the store already.
 */
final class ImageWriter {
  private final Store store;

  ImageWriter(Store store) {
    this.store = store;
  }

  /** The image written: its id (the manifest digest) and its config's digest. */
  record Written(Digest manifest, Digest config) {}

  Written write(ImageConfig config, List<Descriptor> layers, List<String> tags) throws IOException {
    byte[] configJson = config.toJson();
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configJson);
    put(configJson, configDescriptor.digest());
    Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layers);
    byte[] manifestJson = manifest.toJson();
    Digest id = Digest.sha256(manifestJson);
    put(manifestJson, id);
    store.images().add(id);
    for (String tag : tags) {
      store.images().tag(ImageReference.parse(tag).withDefaultTag(), id);
    }
    return new Written(id, configDescriptor.digest());
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
