package dev.strata.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cache entries in a form any OCI registry or image layout holds: an ordinary OCI image manifest
 * whose config blob ({@link #CONFIG_TYPE}) lists each step's key, layers, config and history, and
 * whose layers are every layer blob those entries name. Registries accept it as they accept any
 * image (BuildKit's index-based cache format is refused by some), and the manifest's references
 * keep the layer blobs alive in the registry.
 *
 * <p>Local details (the extracted layer's chain id) are left out: they describe one store.
 */
public record CacheArtifact(List<CacheEntry> entries) {
  /** The media type of the config blob that lists the entries. */
  public static final String CONFIG_TYPE = "application/vnd.strata.cache.config.v1+json";

  /** The artifact type the manifest declares (OCI 1.1), for registries that list artifacts. */
  public static final String ARTIFACT_TYPE = "application/vnd.strata.cache.v1";

  static final String FORMAT = "strata.cache.artifact";

  public CacheArtifact {
    Map<CacheKey, CacheEntry> byKey = new LinkedHashMap<>();
    for (CacheEntry e : entries) {
      List<CachedLayer> portable = new ArrayList<>();
      for (CachedLayer l : e.layers()) {
        portable.add(
            new CachedLayer(l.mediaType(), l.blob(), l.size(), l.diffId(), Optional.empty()));
      }
      byKey.put(
          e.key(),
          new CacheEntry(e.key(), portable, e.config(), e.history(), e.inputs(), e.created()));
    }
    entries = List.copyOf(byKey.values());
  }

  /** The entry for {@code key}, if the artifact holds one. */
  public Optional<CacheEntry> entry(CacheKey key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** Every distinct layer blob the entries name, in the order they first appear. */
  public List<Descriptor> layers() {
    Map<Digest, Descriptor> out = new LinkedHashMap<>();
    for (CacheEntry e : entries) {
      for (CachedLayer l : e.layers()) {
        out.putIfAbsent(l.blob(), l.descriptor());
      }
    }
    return List.copyOf(out.values());
  }

  /** The config blob: the sealed (checksummed, versioned) list of entries. */
  public byte[] config() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("entries");
    entries.forEach(e -> list.add(CacheJson.entry(e)));
    return CacheJson.seal(FORMAT, body);
  }

  /** The manifest naming {@link #config()} and {@link #layers()}. */
  public Manifest manifest() {
    byte[] config = config();
    return new Manifest(
        2,
        MediaTypes.OCI_MANIFEST,
        ARTIFACT_TYPE,
        Descriptor.of(CONFIG_TYPE, config),
        layers(),
        null,
        null,
        null);
  }

  /**
   * Reads an artifact from its manifest and config bytes, checking that the bytes are the config
   * the manifest names and that every layer an entry uses is one the manifest lists.
   *
   * @throws StrataException naming {@code where} when anything disagrees
   */
  public static CacheArtifact read(Manifest manifest, byte[] config, String where) {
    Descriptor c = manifest.config();
    if (!CONFIG_TYPE.equals(c.mediaType())) {
      throw new StrataException(
          where + " is not a strata cache: its config has media type " + c.mediaType());
    }
    Digest actual = Digest.sha256(config);
    if (!actual.equals(c.digest()) || config.length != c.size()) {
      throw new StrataException(
          where + ": cache config hashes to " + actual + ", but the manifest names " + c.digest());
    }
    JsonNode body = CacheJson.open(config, FORMAT, where + " cache config");
    JsonNode list = body.path("entries");
    if (!list.isArray()) {
      throw new StrataException(where + ": cache config has no entries list");
    }
    Map<Digest, Descriptor> listed = new LinkedHashMap<>();
    manifest.layers().forEach(d -> listed.put(d.digest(), d));
    List<CacheEntry> entries = new ArrayList<>();
    for (JsonNode n : list) {
      CacheEntry e = CacheJson.entry(n, where + " cache entry");
      for (CachedLayer l : e.layers()) {
        Descriptor d = listed.get(l.blob());
        if (d == null || d.size() != l.size()) {
          throw new StrataException(
              where
                  + ": cache entry "
                  + e.key()
                  + " uses layer "
                  + l.blob()
                  + " the manifest lacks");
        }
      }
      entries.add(e);
    }
    return new CacheArtifact(entries);
  }
}
