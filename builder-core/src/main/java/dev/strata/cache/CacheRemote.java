package dev.strata.cache;

import dev.strata.image.Descriptor;
import dev.strata.store.BlobSink;
import dev.strata.store.BlobSource;
import java.io.IOException;
import java.util.Optional;

/**
 * Where exported build cache lives outside the store: a directory in OCI image layout ({@code
 * type=local}) or a registry repository ({@code type=registry}). A remote only moves bytes; every
 * byte it returns is verified by {@link CacheImport} before the store keeps it.
 */
public interface CacheRemote {
  /** Names the remote in messages (a directory or a reference, never credentials). */
  String name();

  /** The cache exported there, or empty when nothing has been exported yet. */
  Optional<CacheArtifact> read() throws IOException;

  /**
   * Copies a blob {@link #read()} listed into {@code sink}, which verifies its size and digest
   * before committing it.
   */
  void fetch(Descriptor blob, BlobSink sink) throws IOException;

  /**
   * Exports {@code artifact}: each layer blob (read from {@code blobs}) that the remote lacks, then
   * the config and the manifest, which replaces the one exported before.
   */
  void write(CacheArtifact artifact, BlobSource blobs) throws IOException;
}
