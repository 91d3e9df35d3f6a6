package dev.strata.registry;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
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
import dev.strata.store.archive.LayerProof;
import dev.strata.store.archive.LoadedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code strata pull}: fetches an image's manifest (choosing the platform from an index) and its
 * config, then streams its layers into the store in parallel, each verified against its digest and
 * size and, as it streams, checked against the config's diff id ({@link CheckedLayerSink}). It then
 * hands the whole to the {@link ImageLoader}, which reads it exactly as {@code strata load} does (a
 * layer proven in this pull is not read again) and records the image under its name. A failed pull
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
      List<Descriptor> layers = new ArrayList<>();
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
        layers.add(layer);
      }
      // The config first (it is small): its diff ids let each layer be checked as it downloads.
      Descriptor config = manifest.config();
      byte[] configBytes;
      if (store.blobs().exists(config.digest())) {
        configBytes = store.blobs().readAllBytes(config.digest());
        log.accept(config.digest().shortId() + ": already exists");
      } else {
        configBytes = client.fetchDocument(r.name(), config);
        log.accept(config.digest().shortId() + ": pull complete");
      }
      Map<Digest, Digest> diffIds = diffIds(manifest, configBytes);
      Set<LayerProof> proofs = ConcurrentHashMap.newKeySet();
      String where = " of " + r;
      new Transfers(client.options().parallelism())
          .run(
              layers,
              d -> {
                if (store.blobs().exists(d.digest())) {
                  log.accept(d.digest().shortId() + ": already exists");
                  return;
                }
                Digest diffId = diffIds.get(d.digest());
                client.fetchBlob(
                    r.name(),
                    d,
                    diffId == null
                        ? store.blobs()
                        : new CheckedLayerSink(store.blobs(), d, diffId, where, proofs::add));
                log.accept(d.digest().shortId() + ": pull complete");
              });
      Map<String, byte[]> documents = new HashMap<>();
      documents.put(FetchedFiles.blobName(top.descriptor().digest()), top.bytes());
      documents.put(FetchedFiles.blobName(chosen.descriptor().digest()), chosen.bytes());
      documents.put(FetchedFiles.blobName(config.digest()), configBytes);
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
              .loadLayout(new FetchedFiles(documents, store.blobs(), r.toString()), proofs);
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

  /**
   * Each layer's diff id, by layer digest, when the config is one whose diff ids match the layers;
   * else none, and the loader reports what is wrong with it when it reads the config.
   */
  private static Map<Digest, Digest> diffIds(Manifest manifest, byte[] configBytes) {
    if (!MediaTypes.isConfig(manifest.config().mediaType())) {
      return Map.of();
    }
    List<Digest> ids;
    try {
      ids = ImageConfig.parse(configBytes, "image config " + manifest.config().digest()).diffIds();
    } catch (StrataException e) {
      return Map.of();
    }
    if (ids.size() != manifest.layers().size()) {
      return Map.of();
    }
    Map<Digest, Digest> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      out.putIfAbsent(manifest.layers().get(i).digest(), ids.get(i));
    }
    return out;
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
