package dev.strata.image;

import dev.strata.StrataException;
import java.util.Map;
import java.util.Optional;

/**
 * The media types of the OCI image spec and of Docker's image manifest v2 schema 2, and the
 * conversions between the two forms.
 *
 * <p>Docker schema 1 manifests are recognised only to reject them with a clear message.
 */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";
  public static final String OCI_DESCRIPTOR = "application/vnd.oci.descriptor.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE =
      "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_ZSTD =
      "application/vnd.docker.image.rootfs.diff.tar.zstd";
  public static final String DOCKER_LAYER_FOREIGN_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String DOCKER_SCHEMA1_MANIFEST =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  private record LayerType(Compression compression, boolean foreign, boolean oci) {}

  private static final Map<String, LayerType> LAYERS =
      Map.ofEntries(
          Map.entry(OCI_LAYER, new LayerType(Compression.NONE, false, true)),
          Map.entry(OCI_LAYER_GZIP, new LayerType(Compression.GZIP, false, true)),
          Map.entry(OCI_LAYER_ZSTD, new LayerType(Compression.ZSTD, false, true)),
          Map.entry(OCI_LAYER_NONDISTRIBUTABLE, new LayerType(Compression.NONE, true, true)),
          Map.entry(OCI_LAYER_NONDISTRIBUTABLE_GZIP, new LayerType(Compression.GZIP, true, true)),
          Map.entry(OCI_LAYER_NONDISTRIBUTABLE_ZSTD, new LayerType(Compression.ZSTD, true, true)),
          Map.entry(DOCKER_LAYER, new LayerType(Compression.NONE, false, false)),
          Map.entry(DOCKER_LAYER_GZIP, new LayerType(Compression.GZIP, false, false)),
          Map.entry(DOCKER_LAYER_ZSTD, new LayerType(Compression.ZSTD, false, false)),
          Map.entry(DOCKER_LAYER_FOREIGN_GZIP, new LayerType(Compression.GZIP, true, false)));

  private static final Map<String, String> DOCKER_TO_OCI =
      Map.of(
          DOCKER_MANIFEST, OCI_MANIFEST,
          DOCKER_MANIFEST_LIST, OCI_INDEX,
          DOCKER_CONFIG, OCI_CONFIG,
          DOCKER_LAYER, OCI_LAYER,
          DOCKER_LAYER_GZIP, OCI_LAYER_GZIP,
          DOCKER_LAYER_ZSTD, OCI_LAYER_ZSTD,
          DOCKER_LAYER_FOREIGN_GZIP, OCI_LAYER_NONDISTRIBUTABLE_GZIP);

  private static final Map<String, String> OCI_TO_DOCKER =
      Map.of(
          OCI_MANIFEST, DOCKER_MANIFEST,
          OCI_INDEX, DOCKER_MANIFEST_LIST,
          OCI_CONFIG, DOCKER_CONFIG,
          OCI_LAYER, DOCKER_LAYER,
          OCI_LAYER_GZIP, DOCKER_LAYER_GZIP,
          OCI_LAYER_ZSTD, DOCKER_LAYER_ZSTD,
          OCI_LAYER_NONDISTRIBUTABLE_GZIP, DOCKER_LAYER_FOREIGN_GZIP);

  private MediaTypes() {}

  /** An image manifest (OCI or Docker schema 2), not an index. */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** An OCI index or a Docker manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  public static boolean isConfig(String mediaType) {
    return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }

  /** A filesystem layer strata can apply (tar, optionally compressed). */
  public static boolean isLayer(String mediaType) {
    return LAYERS.containsKey(mediaType);
  }

  /**
   * A layer that registries need not serve and exporters should not push (Docker's foreign layers,
   * OCI's deprecated non-distributable layers); their descriptors usually carry urls.
   */
  public static boolean isNonDistributable(String mediaType) {
    LayerType t = LAYERS.get(mediaType);
    return t != null && t.foreign();
  }

  public static boolean isDocker(String mediaType) {
    return mediaType != null && mediaType.startsWith("application/vnd.docker.");
  }

  public static boolean isDockerSchema1(String mediaType) {
    return DOCKER_SCHEMA1_MANIFEST.equals(mediaType)
        || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(mediaType);
  }

  /** The compression of a layer media type; throws for anything that is not a layer. */
  public static Compression compression(String mediaType) {
    LayerType t = LAYERS.get(mediaType);
    if (t == null) {
      throw new StrataException("not a layer media type: " + mediaType);
    }
    return t.compression();
  }

  /** The layer media type strata writes for a compression, in OCI or Docker form. */
  public static String layer(Compression compression, boolean docker) {
    return switch (compression) {
      case NONE -> docker ? DOCKER_LAYER : OCI_LAYER;
      case GZIP -> docker ? DOCKER_LAYER_GZIP : OCI_LAYER_GZIP;
      case ZSTD -> docker ? DOCKER_LAYER_ZSTD : OCI_LAYER_ZSTD;
    };
  }

  /** The OCI form of a Docker media type; OCI and unknown types come back unchanged. */
  public static String toOci(String mediaType) {
    return DOCKER_TO_OCI.getOrDefault(mediaType, mediaType);
  }

  /**
   * The Docker form of an OCI media type, or empty when Docker has none (e.g. the OCI
   * non-distributable zstd layer or an artifact type): such content cannot be written as a Docker
   * image.
   */
  public static Optional<String> toDocker(String mediaType) {
    if (isDocker(mediaType)) {
      return Optional.of(mediaType);
    }
    return Optional.ofNullable(OCI_TO_DOCKER.get(mediaType));
  }
}
