package dev.strata.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import java.io.IOException;
import java.util.Optional;

/**
 * An image narrowed to one platform: the id it is known by (a manifest or index digest), the
 * manifest chosen for the platform (the image itself unless it is an index), and the config that
 * manifest names, each parsed from the blobs. What inspect, history, save and storage drivers read.
 */
public record ResolvedImage(
    Digest id, Descriptor manifestDescriptor, Manifest manifest, ImageConfig config) {

  /** The largest manifest, index or config strata reads into memory. */
  public static final int MAX_DOCUMENT = 4 << 20;

  /**
   * Reads image {@code id} from {@code blobs}; for an index, the manifest for {@code platform}
   * among those present, else the first present manifest. Throws a {@link StrataException} naming
   * what is missing or malformed.
   */
  public static ResolvedImage read(BlobSource blobs, Digest id, Platform platform)
      throws IOException {
    byte[] root = document(blobs, id, "image " + id.shortId());
    String mediaType = mediaTypeOf(root, id);
    Descriptor manifestDescriptor = new Descriptor(mediaType, id, root.length);
    byte[] manifestBytes = root;
    if (MediaTypes.isIndex(mediaType)) {
      Index index = Index.parse(root, "index " + id);
      manifestDescriptor = choose(blobs, index, platform, id);
      manifestBytes = document(blobs, manifestDescriptor.digest(), "manifest");
    } else if (!MediaTypes.isManifest(mediaType)) {
      throw new StrataException("image " + id + " is neither a manifest nor an index");
    }
    Manifest manifest = Manifest.parse(manifestBytes, "manifest " + manifestDescriptor.digest());
    Descriptor c = manifest.config();
    if (!MediaTypes.isConfig(c.mediaType())) {
      throw new StrataException(
          "manifest "
              + manifestDescriptor.digest()
              + ": unsupported config media type "
              + c.mediaType());
    }
    ImageConfig config =
        ImageConfig.parse(document(blobs, c.digest(), "config"), "image config " + c.digest());
    return new ResolvedImage(id, manifestDescriptor, manifest, config);
  }

  private static Descriptor choose(BlobSource blobs, Index index, Platform platform, Digest id) {
    Optional<Descriptor> forPlatform =
        index.manifests().stream()
            .filter(d -> MediaTypes.isManifest(d.mediaType()))
            .filter(d -> d.platform() != null && d.platform().matches(platform))
            .filter(d -> blobs.exists(d.digest()))
            .findFirst();
    if (forPlatform.isPresent()) {
      return forPlatform.get();
    }
    return index.manifests().stream()
        .filter(d -> MediaTypes.isManifest(d.mediaType()))
        .filter(d -> blobs.exists(d.digest()))
        .findFirst()
        .orElseThrow(
            () -> new StrataException("index " + id + ": none of its manifests is in the store"));
  }

  private static byte[] document(BlobSource blobs, Digest d, String what) throws IOException {
    if (blobs.size(d) > MAX_DOCUMENT) {
      throw new StrataException(
          what + " " + d + " is larger than " + (MAX_DOCUMENT >> 20) + " MiB");
    }
    return blobs.readAllBytes(d);
  }

  /** The media type a document declares, or implies by its fields when it declares none. */
  static String mediaTypeOf(byte[] json, Digest d) {
    JsonNode tree = CanonicalJson.tree(json, "image " + d);
    String declared = tree.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (tree.path("manifests").isArray()) {
      return MediaTypes.OCI_INDEX;
    }
    if (tree.path("config").isObject()) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw new StrataException("image " + d + " is neither a manifest nor an index");
  }

  /** The platform the config says this image is for. */
  public Platform platform() {
    return config.platform();
  }
}
