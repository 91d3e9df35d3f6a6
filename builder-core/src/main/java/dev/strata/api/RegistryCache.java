package dev.strata.api;

import dev.strata.cache.CacheArtifact;
import dev.strata.cache.CacheRemote;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageName;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.registry.FetchedManifest;
import dev.strata.registry.RegistryClient;
import dev.strata.registry.RegistryException;
import dev.strata.store.BlobSink;
import dev.strata.store.BlobSource;
import dev.strata.store.MemoryBlobs;
import java.io.IOException;
import java.util.Optional;

/**
 * Cache exported to a registry repository ({@code type=registry,ref=REF}): the {@link
 * CacheArtifact} manifest is pushed under the reference's tag, after its layer blobs (skipped when
 * the repository has them) and its config. Any registry that takes OCI image manifests holds it.
 */
final class RegistryCache implements CacheRemote {
  /** The largest cache list pushed from memory (the registry client reads at most 4 MiB). */
  static final long MAX_LIST = 4L << 20;

  private final RegistryClient client;
  private final ImageReference ref;

  RegistryCache(RegistryClient client, ImageReference ref) {
    this.client = client;
    if (ref.digest() != null) {
      throw new dev.strata.StrataException(
          "cache ref " + ref + " names a digest; give a tag to export to and import from");
    }
    this.ref = ref.withDefaultTag();
  }

  @Override
  public String name() {
    return ref.toString();
  }

  @Override
  public Optional<CacheArtifact> read() throws IOException {
    FetchedManifest fetched = client.fetchManifest(ref);
    if (!MediaTypes.OCI_MANIFEST.equals(fetched.descriptor().mediaType())) {
      throw new RegistryException(
          ref + " is a " + fetched.descriptor().mediaType() + ", not a strata cache manifest");
    }
    Manifest manifest = Manifest.parse(fetched.bytes(), "cache manifest " + ref);
    if (!CacheArtifact.CONFIG_TYPE.equals(manifest.config().mediaType())) {
      throw new RegistryException(
          ref
              + " is not a strata cache: its config has media type "
              + manifest.config().mediaType());
    }
    byte[] config = client.fetchDocument(ref.name(), manifest.config());
    return Optional.of(CacheArtifact.read(manifest, config, "cache " + ref));
  }

  @Override
  public void fetch(Descriptor blob, BlobSink sink) throws IOException {
    client.fetchBlob(ref.name(), blob, sink);
  }

  @Override
  public void write(CacheArtifact artifact, BlobSource blobs) throws IOException {
    ImageName repo = ref.name();
    for (Descriptor layer : artifact.layers()) {
      if (!client.blobExists(repo, layer.digest())) {
        client.pushBlob(repo, layer, blobs);
      }
    }
    MemoryBlobs config = new MemoryBlobs(MAX_LIST);
    Manifest manifest = artifact.manifest();
    config.add(artifact.config());
    if (!client.blobExists(repo, manifest.config().digest())) {
      client.pushBlob(repo, manifest.config(), config);
    }
    client.pushManifest(repo, ref.tag(), MediaTypes.OCI_MANIFEST, manifest.toJson());
  }
}
