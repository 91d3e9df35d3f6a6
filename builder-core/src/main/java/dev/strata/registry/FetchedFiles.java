package dev.strata.registry;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.ImageLayout;
import dev.strata.store.BlobSource;
import dev.strata.store.archive.ArchiveFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What a pull fetched, served as an OCI image layout so that the loader reads and verifies it as it
 * reads {@code strata load} input: the layout files and manifests from memory, the blobs that were
 * streamed into the store (verified) from the store. A blob neither fetched nor present (the
 * manifests of other platforms) is absent, as in a layout saved for one platform.
 */
final class FetchedFiles implements ArchiveFiles {
  private final Map<String, byte[]> documents;
  private final BlobSource blobs;
  private final String describe;

  FetchedFiles(Map<String, byte[]> documents, BlobSource blobs, String describe) {
    this.documents = Map.copyOf(documents);
    this.blobs = blobs;
    this.describe = describe;
  }

  static String blobName(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.encoded();
  }

  private Digest digestOf(String name) {
    String[] parts = name.split("/");
    if (parts.length == 3
        && parts[0].equals("blobs")
        && Digest.isDigest(parts[1] + ":" + parts[2])) {
      return Digest.parse(parts[1] + ":" + parts[2]);
    }
    return null;
  }

  @Override
  public boolean exists(String name) {
    if (documents.containsKey(name)) {
      return true;
    }
    Digest d = digestOf(name);
    return d != null && !name.equals(ImageLayout.FILE) && blobs.exists(d);
  }

  @Override
  public long size(String name) throws IOException {
    byte[] doc = documents.get(name);
    if (doc != null) {
      return doc.length;
    }
    Digest d = digestOf(name);
    if (d == null || !blobs.exists(d)) {
      throw missing(name);
    }
    return blobs.size(d);
  }

  @Override
  public InputStream open(String name) throws IOException {
    byte[] doc = documents.get(name);
    if (doc != null) {
      return new ByteArrayInputStream(doc);
    }
    Digest d = digestOf(name);
    if (d == null) {
      throw missing(name);
    }
    return blobs.open(d);
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public StrataException missing(String name) {
    return new RegistryException(describe + " has no " + name);
  }

  @Override
  public void close() {}
}
