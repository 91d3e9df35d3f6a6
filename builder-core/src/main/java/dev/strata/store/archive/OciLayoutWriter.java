package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageLayout;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.BlobSource;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes images as an OCI image layout: {@code oci-layout}, {@code blobs/sha256/<hex>} and {@code
 * index.json} with one descriptor per saved name (annotated with the full reference both as {@code
 * org.opencontainers.image.ref.name} and as containerd's {@code io.containerd.image.name}).
 *
 * <p>OCI images are written byte for byte, so their digests stay. An image loaded from a
 * docker-archive has a Docker schema 2 manifest; it is written as the equivalent OCI manifest (same
 * config and layer bytes, OCI media types), as skopeo converts it, so that the layout holds OCI
 * documents only. Children of an index that are not in the store are left out of it.
 */
final class OciLayoutWriter {
  private final BlobSource blobs;
  private final ArchiveSink sink;
  private final Set<Digest> written = new HashSet<>();

  OciLayoutWriter(Store store, ArchiveSink sink) {
    this.blobs = store.blobs();
    this.sink = sink;
  }

  void write(List<SaveItem> items, Map<Digest, String> mediaTypes) throws IOException {
    sink.file(ImageLayout.FILE, ImageLayout.CURRENT.toJson());
    sink.directory("blobs");
    sink.directory("blobs/sha256");
    List<Descriptor> manifests = new ArrayList<>();
    Map<Digest, Descriptor> exported = new LinkedHashMap<>();
    for (SaveItem item : items) {
      Descriptor d = exported.get(item.id());
      if (d == null) {
        d = export(new Descriptor(mediaTypes.get(item.id()), item.id(), blobs.size(item.id())), 0);
        exported.put(item.id(), d);
      }
      if (item.name() != null) {
        String name = item.name().toString();
        d =
            d.withAnnotations(
                Map.of(
                    OciLayoutReader.REF_NAME, name,
                    OciLayoutReader.CONTAINERD_NAME, name));
      }
      manifests.add(d);
    }
    sink.file(ImageLayout.INDEX_FILE, Index.of(MediaTypes.OCI_INDEX, manifests).toJson());
  }

  /** Writes the closure of {@code d}; returns the descriptor of what was written for it. */
  private Descriptor export(Descriptor d, int depth) throws IOException {
    if (MediaTypes.isIndex(d.mediaType())) {
      return exportIndex(d, depth);
    }
    if (MediaTypes.isManifest(d.mediaType())) {
      return exportManifest(d);
    }
    throw new StrataException(
        "image " + d.digest() + " has unsupported media type " + d.mediaType());
  }

  private Descriptor exportManifest(Descriptor d) throws IOException {
    byte[] bytes = blobs.readAllBytes(d.digest());
    Manifest m = Manifest.parse(bytes, "manifest " + d.digest());
    Descriptor config = m.config();
    ImageConfig parsed =
        ImageConfig.parse(blobs.readAllBytes(config.digest()), "image config " + config.digest());
    copy(config.digest());
    for (Descriptor layer : m.layers()) {
      copy(layer.digest());
    }
    Descriptor out = new Descriptor(MediaTypes.OCI_MANIFEST, d.digest(), bytes.length);
    if (MediaTypes.isDocker(m.effectiveMediaType())) {
      List<Descriptor> layers = new ArrayList<>();
      for (Descriptor layer : m.layers()) {
        layers.add(layer.withMediaType(MediaTypes.toOci(layer.mediaType())));
      }
      Manifest oci =
          new Manifest(
              2,
              MediaTypes.OCI_MANIFEST,
              null,
              config.withMediaType(MediaTypes.toOci(config.mediaType())),
              layers,
              null,
              m.annotations(),
              null);
      bytes = oci.toJson();
      out = Descriptor.of(MediaTypes.OCI_MANIFEST, bytes);
    }
    put(out.digest(), bytes);
    return out.withPlatform(parsed.platform());
  }

  private Descriptor exportIndex(Descriptor d, int depth) throws IOException {
    if (depth > 4) {
      throw new StrataException("index " + d.digest() + " nests too deeply");
    }
    byte[] bytes = blobs.readAllBytes(d.digest());
    Index index = Index.parse(bytes, "index " + d.digest());
    List<Descriptor> children = new ArrayList<>();
    boolean changed = MediaTypes.isDocker(d.mediaType());
    for (Descriptor child : index.manifests()) {
      if (!blobs.exists(child.digest())) {
        changed = true;
        continue;
      }
      Descriptor out =
          MediaTypes.isIndex(child.mediaType()) || MediaTypes.isManifest(child.mediaType())
              ? export(child, depth + 1)
              : copyAs(child);
      Descriptor kept =
          new Descriptor(
              out.mediaType(),
              out.digest(),
              out.size(),
              child.urls(),
              child.annotations(),
              child.platform(),
              child.artifactType(),
              null);
      changed |= !kept.equals(child);
      children.add(kept);
    }
    if (!changed) {
      put(d.digest(), bytes);
      return new Descriptor(MediaTypes.OCI_INDEX, d.digest(), bytes.length);
    }
    Index rewritten =
        new Index(
            2,
            MediaTypes.OCI_INDEX,
            index.artifactType(),
            children,
            null,
            index.annotations(),
            null);
    byte[] out = rewritten.toJson();
    Descriptor desc = Descriptor.of(MediaTypes.OCI_INDEX, out);
    put(desc.digest(), out);
    return desc;
  }

  private Descriptor copyAs(Descriptor d) throws IOException {
    copy(d.digest());
    return d;
  }

  private void copy(Digest d) throws IOException {
    if (written.add(d)) {
      try (InputStream in = blobs.open(d)) {
        sink.file(OciLayoutReader.blobName(d), blobs.size(d), in);
      }
    }
  }

  private void put(Digest d, byte[] bytes) throws IOException {
    if (written.add(d)) {
      sink.file(OciLayoutReader.blobName(d), bytes);
    }
  }
}
