package dev.strata.registry;

import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageLayout;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import dev.strata.store.Lease;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import dev.strata.store.archive.ImageLoader;
import dev.strata.store.archive.LoadedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code strata pull}: fetches an image's manifest (choosing the platform from an index), streams
 * its config and layers into the store in parallel, each verified against its digest and size, then
 * hands the whole to the {@link ImageLoader}, which checks every layer against the config's diff
 * ids and records the image under its name, exactly as {@code strata load} does. A failed pull
 * records nothing and gives back every blob it added.
 */
public final class Puller {
  private static final String NAME_ANNOTATION = "io.containerd.image.name";

  private final Store store;
  private final RegistryClient client;

  public Puller(Store store, RegistryClient client) {
    this.store = store;
    this.client = client;
  }

  /** Pulls {@code ref} ({@code latest} when it has neither tag nor digest) for {@code platform}. */
  public LoadedImage pull(ImageReference ref, Platform platform, Consumer<String> log) {
    ImageReference r = ref.withDefaultTag();
    int before = -1;
    boolean done = false;
    try (Lease lease = store.lease()) {
      before = store.blobs().list().size();
      FetchedManifest top = client.fetchManifest(r);
      FetchedManifest chosen = client.selectPlatform(r.name(), top, platform);
      Manifest manifest =
          Manifest.parse(chosen.bytes(), "manifest " + chosen.descriptor().digest() + " of " + r);
      if (manifest.config().size() > ResolvedImage.MAX_DOCUMENT) {
        throw new RegistryException(
            "image config of " + r + " is larger than " + ResolvedImage.MAX_DOCUMENT + " bytes");
      }
      List<Descriptor> blobs = new ArrayList<>();
      blobs.add(manifest.config());
      for (Descriptor layer : manifest.layers()) {
        if (!MediaTypes.isLayer(layer.mediaType())) {
          throw new RegistryException(
              "layer "
                  + layer.digest()
                  + " of "
                  + r
                  + " has unsupported media type "
                  + layer.mediaType());
        }
        blobs.add(layer);
      }
      new Transfers(client.options().parallelism())
          .run(
              blobs,
              d -> {
                if (store.blobs().exists(d.digest())) {
                  log.accept(d.digest().shortId() + ": already exists");
                  return;
                }
                client.fetchBlob(r.name(), d, store.blobs());
                log.accept(d.digest().shortId() + ": pull complete");
              });
      Map<String, byte[]> documents = new HashMap<>();
      documents.put(FetchedFiles.blobName(top.descriptor().digest()), top.bytes());
      documents.put(FetchedFiles.blobName(chosen.descriptor().digest()), chosen.bytes());
      documents.put(
          ImageLayout.FILE, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      Descriptor entry = top.descriptor();
      if (r.tag() != null) {
        entry = entry.withAnnotations(Map.of(NAME_ANNOTATION, r.withTag(r.tag()).toString()));
      }
      documents.put(
          ImageLayout.INDEX_FILE, Index.of(MediaTypes.OCI_INDEX, List.of(entry)).toJson());
      List<LoadedImage> loaded =
          new ImageLoader(store)
              .loadLayout(new FetchedFiles(documents, store.blobs(), r.toString()));
      log.accept("Digest: " + top.descriptor().digest());
      done = true;
      return loaded.get(0);
    } catch (IOException e) {
      throw new RegistryException("cannot pull " + r.familiar() + ": " + Transport.describe(e), e);
    } catch (StrataException e) {
      throw new RegistryException("cannot pull " + r.familiar() + ": " + e.getMessage(), e);
    } finally {
      if (!done && before >= 0) {
        collect();
      }
    }
  }

  /** Hands the blobs of a failed pull back to the collector (after the lease is released). */
  private void collect() {
    try {
      store.collectGarbage();
    } catch (IOException e) {
      // system check reports unreferenced blobs; the pull's own error is what matters
    }
  }
}
