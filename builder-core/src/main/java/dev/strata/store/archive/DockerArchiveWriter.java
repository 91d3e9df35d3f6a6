package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageReference;
import dev.strata.image.Platform;
import dev.strata.layer.Compression;
import dev.strata.store.BlobSource;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes images as a docker-archive, the tarball {@code docker save} writes and {@code docker load}
 * reads: {@code <config hex>.json}, one uncompressed {@code <diff id hex>.tar} per layer (written
 * once however many images share it), and {@code manifest.json} listing each image's config, layers
 * and {@code RepoTags}. A compressed layer is decompressed into the store's staging area first, so
 * that its tar header can carry its size, and checked against its diff id on the way. An index is
 * saved as its manifest for this machine's platform, as docker does.
 */
final class DockerArchiveWriter {
  private final Store store;
  private final BlobSource blobs;
  private final ArchiveSink sink;
  private final Set<String> written = new HashSet<>();

  DockerArchiveWriter(Store store, ArchiveSink sink) {
    this.store = store;
    this.blobs = store.blobs();
    this.sink = sink;
  }

  void write(List<SaveItem> items) throws IOException {
    Map<Digest, List<ImageReference>> byImage = new LinkedHashMap<>();
    for (SaveItem item : items) {
      List<ImageReference> names = byImage.computeIfAbsent(item.id(), k -> new ArrayList<>());
      if (item.name() != null && !names.contains(item.name())) {
        names.add(item.name());
      }
    }
    List<Map<String, Object>> manifest = new ArrayList<>();
    for (Map.Entry<Digest, List<ImageReference>> e : byImage.entrySet()) {
      ResolvedImage image = ResolvedImage.read(blobs, e.getKey(), Platform.host());
      Digest configDigest = image.manifest().config().digest();
      String configName = configDigest.encoded() + ".json";
      if (written.add(configName)) {
        sink.file(configName, blobs.readAllBytes(configDigest));
      }
      List<String> layers = new ArrayList<>();
      List<Descriptor> descriptors = image.manifest().layers();
      for (int i = 0; i < descriptors.size(); i++) {
        Digest diffId = image.config().diffIds().get(i);
        String name = diffId.encoded() + ".tar";
        if (written.add(name)) {
          layer(descriptors.get(i), diffId, name);
        }
        layers.add(name);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("Config", configName);
      entry.put("RepoTags", e.getValue().stream().map(ImageReference::familiar).toList());
      entry.put("Layers", layers);
      manifest.add(entry);
    }
    sink.file(DockerArchiveReader.MANIFEST, CanonicalJson.write(manifest));
  }

  private void layer(Descriptor d, Digest diffId, String name) throws IOException {
    Compression c = LayerCheck.compressionOf(d.mediaType(), "layer " + d.digest());
    if (c == Compression.NONE) {
      try (InputStream in = blobs.open(d.digest())) {
        sink.file(name, blobs.size(d.digest()), in);
      }
      return;
    }
    Path staged = store.newTempPath("save-layer");
    try {
      MessageDigest md = Digest.newSha256();
      try (InputStream in = c.decompressor(blobs.open(d.digest()));
          OutputStream out =
              new DigestOutputStream(
                  Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW), md)) {
        in.transferTo(out);
      }
      Digest actual = Digest.of(md);
      if (!actual.equals(diffId)) {
        throw new StrataException(
            "layer " + d.digest() + " unpacks to " + actual + ", but its config lists " + diffId);
      }
      try (InputStream in = Files.newInputStream(staged)) {
        sink.file(name, Files.size(staged), in);
      }
    } finally {
      Files.deleteIfExists(staged);
    }
  }
}
