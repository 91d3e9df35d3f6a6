package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageLayout;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.store.BlobSink;
import dev.strata.store.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Cache exported to a directory as an OCI image layout ({@code --cache-to type=local,dest=DIR},
 * {@code --cache-from type=local,src=DIR}): {@code oci-layout}, {@code blobs/sha256/<hex>} and an
 * {@code index.json} naming one {@link CacheArtifact} manifest. Blobs are written under a temporary
 * name and renamed, and {@code index.json} last, so a reader sees the previous export or the new
 * one, never a mix.
 */
public final class LayoutCache implements CacheRemote {
  static final String REF = "strata-cache";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Path dir;

  public LayoutCache(Path dir) {
    this.dir = dir;
  }

  @Override
  public String name() {
    return dir.toString();
  }

  @Override
  public Optional<CacheArtifact> read() throws IOException {
    Path indexFile = dir.resolve(ImageLayout.INDEX_FILE);
    if (!Files.isDirectory(dir)) {
      throw new StrataException("cache source " + dir + " is not a directory");
    }
    byte[] indexBytes;
    try {
      indexBytes = Files.readAllBytes(indexFile);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Index index = Index.parse(indexBytes, indexFile.toString());
    for (Descriptor d : index.manifests()) {
      if (!MediaTypes.OCI_MANIFEST.equals(d.mediaType())
          || !CacheArtifact.ARTIFACT_TYPE.equals(d.artifactType())) {
        continue;
      }
      byte[] manifest = verified(d);
      Manifest m = Manifest.parse(manifest, "cache manifest " + d.digest() + " in " + dir);
      byte[] config = verified(m.config());
      return Optional.of(CacheArtifact.read(m, config, "cache " + dir));
    }
    return Optional.empty();
  }

  private byte[] verified(Descriptor d) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blob(d.digest()));
    } catch (NoSuchFileException e) {
      throw new StrataException("cache " + dir + " lacks blob " + d.digest());
    }
    Digest actual = Digest.sha256(bytes);
    if (!actual.equals(d.digest()) || bytes.length != d.size()) {
      throw new StrataException(
          "cache " + dir + ": blob " + d.digest() + " hashes to " + actual + " (tampered?)");
    }
    return bytes;
  }

  @Override
  public void fetch(Descriptor blob, BlobSink sink) throws IOException {
    try (InputStream in = Files.newInputStream(blob(blob.digest()), LinkOption.NOFOLLOW_LINKS)) {
      sink.put(in, blob.digest(), blob.size());
    } catch (NoSuchFileException e) {
      throw new StrataException("cache " + dir + " lacks blob " + blob.digest());
    }
  }

  @Override
  public void write(CacheArtifact artifact, BlobSource blobs) throws IOException {
    Path blobDir = Files.createDirectories(dir.resolve("blobs").resolve(Digest.SHA256));
    AtomicFiles.write(dir.resolve(ImageLayout.FILE), ImageLayout.CURRENT.toJson());
    for (Descriptor layer : artifact.layers()) {
      Path target = blob(layer.digest());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == layer.size()) {
        continue;
      }
      Path staged = blobDir.resolve(".tmp-" + UUID.randomUUID());
      try {
        try (InputStream in = blobs.open(layer.digest());
            OutputStream out = Files.newOutputStream(staged)) {
          in.transferTo(out);
        }
        AtomicFiles.fsync(staged);
        AtomicFiles.publish(staged, target);
      } finally {
        Files.deleteIfExists(staged);
      }
    }
    byte[] config = artifact.config();
    AtomicFiles.write(blob(Digest.sha256(config)), config);
    byte[] manifest = artifact.manifest().toJson();
    Descriptor d =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            Digest.sha256(manifest),
            manifest.length,
            null,
            Map.of(REF_NAME, REF),
            null,
            CacheArtifact.ARTIFACT_TYPE,
            null);
    AtomicFiles.write(blob(d.digest()), manifest);
    AtomicFiles.write(
        dir.resolve(ImageLayout.INDEX_FILE), Index.of(MediaTypes.OCI_INDEX, List.of(d)).toJson());
  }

  private Path blob(Digest digest) {
    return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
  }
}
