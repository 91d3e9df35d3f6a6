package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.image.CanonicalJson;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageLayout;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.OciSchemas;
import dev.strata.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes OCI layouts by hand, so that tests can make every part of one wrong, and checks layouts
 * strata wrote against the OCI schemas.
 */
final class OciLayouts {
  private OciLayouts() {}

  /** A layout with one image of the given layer tars (gzip-compressed), named {@code name}. */
  static Path write(Path dir, String name, List<byte[]> tars) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    List<Descriptor> layers = new ArrayList<>();
    ImageConfig config =
        ImageConfig.empty(Platform.parse("linux/amd64"))
            .withCreated(Instant.parse("2024-01-02T03:04:05Z"), null);
    for (byte[] tar : tars) {
      layers.add(blob(dir, MediaTypes.OCI_LAYER_GZIP, ArchiveTar.gzip(tar)));
      config =
          config.withLayer(
              Digest.sha256(tar),
              new History(Instant.parse("2024-01-02T03:04:05Z"), null, "ADD x", null, false));
    }
    config =
        config.withEmptyLayerHistory(
            new History(Instant.parse("2024-01-02T03:04:06Z"), null, "CMD [\"sh\"]", null, true));
    Descriptor c = blob(dir, MediaTypes.OCI_CONFIG, config.toJson());
    Descriptor m =
        blob(
            dir, MediaTypes.OCI_MANIFEST, Manifest.of(MediaTypes.OCI_MANIFEST, c, layers).toJson());
    if (name != null) {
      m = m.withAnnotations(Map.of(OciLayoutReader.REF_NAME, name));
    }
    index(dir, List.of(m));
    return dir;
  }

  /** A layout whose one image has exactly these layer descriptors and diff ids, unchecked. */
  static Path writeImage(Path dir, String name, List<Descriptor> layers, List<Digest> diffIds)
      throws IOException {
    ImageConfig config = ImageConfig.empty(Platform.parse("linux/amd64"));
    for (Digest d : diffIds) {
      config = config.withLayer(d, new History(null, null, "ADD x", null, false));
    }
    Descriptor c = blob(dir, MediaTypes.OCI_CONFIG, config.toJson());
    Descriptor m =
        blob(
            dir, MediaTypes.OCI_MANIFEST, Manifest.of(MediaTypes.OCI_MANIFEST, c, layers).toJson());
    index(dir, List.of(m.withAnnotations(Map.of(OciLayoutReader.REF_NAME, name))));
    return dir;
  }

  static Descriptor blob(Path dir, String mediaType, byte[] content) throws IOException {
    Descriptor d = Descriptor.of(mediaType, content);
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.write(dir.resolve(OciLayoutReader.blobName(d.digest())), content);
    return d;
  }

  static void index(Path dir, List<Descriptor> manifests) throws IOException {
    Files.write(dir.resolve(ImageLayout.FILE), ImageLayout.CURRENT.toJson());
    Files.write(dir.resolve(ImageLayout.INDEX_FILE), Index.of(null, manifests).toJson());
  }

  static Index readIndex(Path dir) throws IOException {
    return Index.parse(Files.readAllBytes(dir.resolve(ImageLayout.INDEX_FILE)), "index.json");
  }

  static Manifest readManifest(Path dir, Digest d) throws IOException {
    return Manifest.parse(Files.readAllBytes(dir.resolve(OciLayoutReader.blobName(d))), "m");
  }

  /** Every schema violation in the layout: oci-layout, index.json, and what they reference. */
  static List<String> violations(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    out.addAll(
        OciSchemas.violations(
            MediaTypes.OCI_LAYOUT_HEADER, Files.readAllBytes(dir.resolve(ImageLayout.FILE))));
    byte[] index = Files.readAllBytes(dir.resolve(ImageLayout.INDEX_FILE));
    out.addAll(OciSchemas.violations(MediaTypes.OCI_INDEX, index));
    for (Descriptor d : Index.parse(index, "index.json").manifests()) {
      out.addAll(violations(dir, d));
    }
    return out;
  }

  private static List<String> violations(Path dir, Descriptor d) throws IOException {
    List<String> out = new ArrayList<>();
    byte[] bytes = Files.readAllBytes(dir.resolve(OciLayoutReader.blobName(d.digest())));
    if (MediaTypes.isIndex(d.mediaType())) {
      out.addAll(OciSchemas.violations(MediaTypes.OCI_INDEX, bytes));
      for (Descriptor child : Index.parse(bytes, "index").manifests()) {
        out.addAll(violations(dir, child));
      }
    } else {
      out.addAll(OciSchemas.violations(MediaTypes.OCI_MANIFEST, bytes));
      Manifest m = Manifest.parse(bytes, "manifest");
      byte[] config =
          Files.readAllBytes(dir.resolve(OciLayoutReader.blobName(m.config().digest())));
      out.addAll(OciSchemas.violations(MediaTypes.OCI_CONFIG, config));
      // the canonical encoding must hold for what strata wrote
      CanonicalJson.tree(config, "config");
    }
    return out;
  }
}
