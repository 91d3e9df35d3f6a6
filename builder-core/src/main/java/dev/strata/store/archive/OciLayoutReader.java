package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageLayout;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.BlobVerificationException;
import dev.strata.store.ResolvedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the images of an OCI image layout ({@code oci-layout}, {@code index.json}, {@code
 * blobs/<alg>/<hex>}), directory or archive alike. Every image that {@code index.json} lists is
 * walked from its descriptor: manifests, configs and indexes are read whole (at most {@link
 * ResolvedImage#MAX_DOCUMENT} bytes) and checked against their descriptors before they are parsed;
 * layers are streamed into the store, verified, and read once more as layers. Only what the images
 * reference is copied.
 *
 * <p>Names come from the descriptor's annotations: containerd's {@code io.containerd.image.name}
 * when present (the full reference, as {@code docker save} and {@code ctr export} write it), else
 * {@code org.opencontainers.image.ref.name} read as an image reference (skopeo and buildah write
 * the name given to them there). An image without either is loaded unnamed.
 */
final class OciLayoutReader {
  static final String CONTAINERD_NAME = "io.containerd.image.name";
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String REFERENCE_TYPE = "vnd.docker.reference.type";
  private static final int MAX_NESTING = 4;

  private final ArchiveFiles files;
  private final LoadTarget target;
  private final Set<LayerProof> proven;

  OciLayoutReader(ArchiveFiles files, LoadTarget target, Set<LayerProof> proven) {
    this.files = files;
    this.target = target;
    this.proven = proven;
  }

  List<LoadedImage> read() throws IOException {
    String where = files.describe();
    if (!files.exists(ImageLayout.FILE)) {
      throw new StrataException(where + " is not an OCI image layout: it has no oci-layout file");
    }
    ImageLayout.parse(
        files.document(ImageLayout.FILE, ResolvedImage.MAX_DOCUMENT), "oci-layout in " + where);
    if (!files.exists(ImageLayout.INDEX_FILE)) {
      throw new StrataException(where + " is not an OCI image layout: it has no index.json");
    }
    Index index =
        Index.parse(
            files.document(ImageLayout.INDEX_FILE, ResolvedImage.MAX_DOCUMENT),
            "index.json in " + where);
    if (index.manifests().isEmpty()) {
      throw new StrataException("index.json in " + where + " lists no images");
    }
    List<LoadedImage> images = new ArrayList<>();
    for (int i = 0; i < index.manifests().size(); i++) {
      Descriptor d = index.manifests().get(i);
      String at = " (entry " + (i + 1) + " of index.json in " + where + ")";
      List<ImageReference> names = names(d, at);
      if (MediaTypes.isManifest(d.mediaType())) {
        manifest(d, at);
      } else if (MediaTypes.isIndex(d.mediaType())) {
        index(d, at, 0);
      } else {
        throw new StrataException("unsupported media type " + d.mediaType() + at);
      }
      images.add(new LoadedImage(d.digest(), names));
    }
    return images;
  }

  static List<ImageReference> names(Descriptor d, String at) {
    Map<String, String> a = d.annotations();
    String name = a.containsKey(CONTAINERD_NAME) ? a.get(CONTAINERD_NAME) : a.get(REF_NAME);
    if (name == null || name.isEmpty()) {
      return List.of();
    }
    ImageReference ref;
    try {
      ref = ImageReference.parse(name).withDefaultTag();
    } catch (StrataException e) {
      throw new StrataException("invalid image name \"" + name + "\"" + at + ": " + e.getMessage());
    }
    if (ref.tag() == null) {
      return List.of(); // a digest is no name to keep: the image is found by its id anyway
    }
    return List.of(ref.withTag(ref.tag()));
  }

  static String blobName(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.encoded();
  }

  /** A manifest, config or index, read whole and checked against its descriptor. */
  private byte[] document(Descriptor d, String what, String at) throws IOException {
    if (!Digest.SHA256.equals(d.digest().algorithm())) {
      throw new StrataException(
          what + " " + d.digest() + at + ": unsupported digest algorithm (strata reads sha256)");
    }
    if (d.size() > ResolvedImage.MAX_DOCUMENT) {
      throw new StrataException(
          what
              + " "
              + d.digest()
              + at
              + " is "
              + d.size()
              + " bytes, more than the limit of "
              + ResolvedImage.MAX_DOCUMENT);
    }
    String name = blobName(d.digest());
    if (!files.exists(name)) {
      throw new StrataException(files.describe() + " has no file " + name + " for " + what + at);
    }
    byte[] bytes = files.document(name, ResolvedImage.MAX_DOCUMENT);
    if (bytes.length != d.size()) {
      throw new BlobVerificationException(
          what + " " + d.digest() + at + ": expected " + d.size() + " bytes, got " + bytes.length);
    }
    Digest actual = Digest.sha256(bytes);
    if (!actual.equals(d.digest())) {
      throw new BlobVerificationException(
          what + " " + d.digest() + at + ": content hashes to " + actual);
    }
    return bytes;
  }

  private void manifest(Descriptor d, String at) throws IOException {
    byte[] bytes = document(d, "manifest", at);
    Manifest m = Manifest.parse(bytes, "manifest " + d.digest() + at);
    if (m.mediaType() != null && !m.mediaType().equals(d.mediaType())) {
      throw new StrataException(
          "manifest " + d.digest() + at + " is a " + m.mediaType() + ", not a " + d.mediaType());
    }
    Descriptor c = m.config();
    if (!MediaTypes.isConfig(c.mediaType())) {
      throw new StrataException(
          "manifest " + d.digest() + at + ": unsupported config media type " + c.mediaType());
    }
    byte[] configBytes = document(c, "image config", at);
    ImageConfig config = ImageConfig.parse(configBytes, "image config " + c.digest() + at);
    if (config.diffIds().size() != m.layers().size()) {
      throw new StrataException(
          "manifest "
              + d.digest()
              + at
              + " has "
              + m.layers().size()
              + " layers but its config lists "
              + config.diffIds().size()
              + " diff ids");
    }
    for (int i = 0; i < m.layers().size(); i++) {
      Descriptor layer = m.layers().get(i);
      LayerCheck.compressionOf(layer.mediaType(), "layer " + layer.digest() + at);
      target.copy(files, blobName(layer.digest()), layer.digest(), layer.size());
      Digest diffId = config.diffIds().get(i);
      if (!proven.contains(new LayerProof(layer.digest(), layer.mediaType(), diffId))) {
        LayerCheck.verify(target.store().blobs(), layer.digest(), layer.mediaType(), diffId, at);
      }
    }
    target.put(c.mediaType(), configBytes);
    target.put(d.mediaType(), bytes);
  }

  private void index(Descriptor d, String at, int depth) throws IOException {
    if (depth > MAX_NESTING) {
      throw new StrataException("index " + d.digest() + at + " nests too deeply");
    }
    byte[] bytes = document(d, "index", at);
    Index index = Index.parse(bytes, "index " + d.digest() + at);
    int loaded = 0;
    for (Descriptor child : index.manifests()) {
      // An index pulled for one platform lacks the others; attestations are not images.
      if (!files.exists(blobName(child.digest()))
          || child.annotations().containsKey(REFERENCE_TYPE)) {
        continue;
      }
      if (MediaTypes.isManifest(child.mediaType())) {
        manifest(child, at);
        loaded++;
      } else if (MediaTypes.isIndex(child.mediaType())) {
        index(child, at, depth + 1);
        loaded++;
      }
    }
    if (loaded == 0) {
      throw new StrataException(
          "index " + d.digest() + at + ": none of its manifests is in " + files.describe());
    }
    target.put(d.mediaType(), bytes);
  }
}
