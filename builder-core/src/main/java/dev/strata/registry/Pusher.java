package dev.strata.registry;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageName;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code strata push}: uploads an image of the store to a repository. Each blob the registry
 * already has (HEAD) is skipped; one that another repository of the same registry holds (an image
 * of the store named in that repository contains it) is mounted; the rest are uploaded, in
 * parallel, monolithically or in chunks. Manifests go last, children of an index before the index,
 * so the registry never sees a manifest whose blobs are missing.
 */
public final class Pusher {
  private final Store store;
  private final RegistryClient client;

  public Pusher(Store store, RegistryClient client) {
    this.store = store;
    this.client = client;
  }

  /** Pushes image {@code id} as {@code dest} ({@code latest} when untagged); returns its digest. */
  public Digest push(Digest id, ImageReference dest, Consumer<String> log) {
    ImageReference d = dest.digest() == null ? dest.withDefaultTag() : dest;
    try {
      byte[] top = store.blobs().readAllBytes(id);
      String mediaType = mediaTypeOf(top, id);
      Map<ImageName, Set<Digest>> sources = sources(d.name());
      if (MediaTypes.isIndex(mediaType)) {
        Index index = Index.parse(top, "index " + id);
        int pushed = 0;
        for (Descriptor child : index.manifests()) {
          if (!store.blobs().exists(child.digest()) || !MediaTypes.isManifest(child.mediaType())) {
            continue; // a platform that was never pulled: the index keeps naming it
          }
          pushManifest(
              d.name(), child.digest(), child.mediaType(), child.digest().toString(), sources, log);
          pushed++;
        }
        if (pushed == 0) {
          throw new StrataException("index " + id + " has none of its manifests in the store");
        }
        client.pushManifest(d.name(), reference(d, id), mediaType, top);
      } else {
        pushManifest(d.name(), id, mediaType, reference(d, id), sources, log);
      }
      log.accept(
          (d.tag() == null ? "" : d.tag() + ": ") + "digest: " + id + " size: " + top.length);
      return id;
    } catch (IOException e) {
      throw new RegistryException("cannot push " + d.familiar() + ": " + Transport.describe(e), e);
    } catch (StrataException e) {
      throw new RegistryException("cannot push " + d.familiar() + ": " + e.getMessage(), e);
    }
  }

  private static String reference(ImageReference d, Digest id) {
    if (d.digest() != null && !d.digest().equals(id)) {
      throw new StrataException("the image is " + id + ", not " + d.digest());
    }
    return d.tag() != null ? d.tag() : id.toString();
  }

  private static String mediaTypeOf(byte[] bytes, Digest id) {
    return RegistryClient.mediaType(bytes, "", "image " + id.shortId());
  }

  private void pushManifest(
      ImageName repo,
      Digest digest,
      String mediaType,
      String reference,
      Map<ImageName, Set<Digest>> sources,
      Consumer<String> log)
      throws IOException {
    byte[] bytes = store.blobs().readAllBytes(digest);
    Manifest m = Manifest.parse(bytes, "manifest " + digest);
    List<Descriptor> blobs = new ArrayList<>(m.layers());
    blobs.add(m.config());
    new Transfers(client.options().parallelism())
        .run(
            blobs,
            b -> {
              if (client.blobExists(repo, b.digest())) {
                log.accept(b.digest().shortId() + ": layer already exists");
                return;
              }
              for (Map.Entry<ImageName, Set<Digest>> s : sources.entrySet()) {
                if (s.getValue().contains(b.digest())
                    && client.mountBlob(repo, b.digest(), s.getKey())) {
                  log.accept(b.digest().shortId() + ": mounted from " + s.getKey().path());
                  return;
                }
              }
              client.pushBlob(repo, b, store.blobs());
              log.accept(b.digest().shortId() + ": pushed");
            });
    client.pushManifest(repo, reference, mediaType, bytes);
  }

  /**
   * Other repositories of the same registry that images of the store are named in, each with the
   * blobs its images hold: where a blob can be mounted from.
   */
  private Map<ImageName, Set<Digest>> sources(ImageName dest) throws IOException {
    Map<ImageName, Set<Digest>> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<ImageReference, Digest> e : store.images().references().entrySet()) {
      ImageName name = e.getKey().name();
      if (!name.domain().equals(dest.domain()) || name.equals(dest)) {
        continue;
      }
      try {
        ResolvedImage r =
            ResolvedImage.read(store.blobs(), e.getValue(), dev.strata.image.Platform.host());
        Set<Digest> blobs = out.computeIfAbsent(name, k -> new LinkedHashSet<>());
        blobs.add(r.manifest().config().digest());
        r.manifest().layers().forEach(l -> blobs.add(l.digest()));
      } catch (StrataException ignored) {
        // an incomplete image is no mount source; system check reports it
      }
    }
    return out;
  }
}
