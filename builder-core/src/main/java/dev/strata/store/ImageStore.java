package dev.strata.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import dev.strata.image.ImageReference;
import dev.strata.image.MediaTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The images of a store and the references naming them, kept in {@code image/images.json}. An
 * image's id is the digest of its manifest (or index); it is recorded only when all its content is
 * in the blob store. Wherever a user names an image, {@link #resolve} accepts what Docker accepts:
 * {@code app}, {@code app:tag}, {@code name@sha256:...}, a full id with or without {@code sha256:},
 * or a unique id prefix ({@code 3f2a}).
 *
 * <p>Changes take the store lock and rewrite the file atomically; reads take no lock.
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class ImageStore {
  private static final Pattern HEX_PREFIX = Pattern.compile("(?:sha256:)?([a-f0-9]{1,64})");

  private final Store store;
  private final Path file;

  ImageStore(Store store, Path imageDir) {
    this.store = store;
    this.file = imageDir.resolve(Catalog.FILE);
  }

  Path file() {
    return file;
  }

  Catalog catalog() throws IOException {
    return Catalog.read(file);
  }

  /**
   * Records image {@code id} (idempotent). Its manifest or index must be in the blob store with
   * everything it references; otherwise this throws a {@link StrataException} naming what is
   * missing.
   */
  public ImageEntry add(Digest id) throws IOException {
    try (StoreLock lock = store.lock()) {
      Catalog c = catalog();
      Catalog next = withImage(c, id);
      if (next != c) {
        next.write(file, store.stagingDir());
      }
      return entry(next, id);
    }
  }

  private Catalog withImage(Catalog c, Digest id) throws IOException {
    if (c.images().containsKey(id.toString())) {
      return c;
    }
    if (!store.blobs().exists(id)) {
      throw new StrataException("cannot add image " + id + ": its manifest is not in the store");
    }
    String mediaType = mediaTypeOf(id);
    if (!MediaTypes.isManifest(mediaType) && !MediaTypes.isIndex(mediaType)) {
      throw new StrataException("cannot add image " + id + ": not a manifest or an index");
    }
    ImageContent content = ImageContent.walk(store.blobs(), id, mediaType);
    if (!content.complete()) {
      throw new StrataException(
          "cannot add image " + id + ": " + String.join("; ", content.problems()));
    }
    Map<String, Catalog.Image> images = new TreeMap<>(c.images());
    images.put(id.toString(), new Catalog.Image(mediaType, Instant.now()));
    return c.withImages(images);
  }

  /** The media type a manifest or index declares or implies; empty for anything else. */
  private String mediaTypeOf(Digest id) throws IOException {
    if (store.blobs().size(id) > (4 << 20)) {
      return "";
    }
    JsonNode tree;
    try {
      tree = CanonicalJson.tree(store.blobs().readAllBytes(id), "blob " + id);
    } catch (StrataException e) {
      return "";
    }
    String declared = tree.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (tree.path("manifests").isArray()) {
      return MediaTypes.OCI_INDEX;
    }
    return tree.path("config").isObject() ? MediaTypes.OCI_MANIFEST : "";
  }

  /**
   * Points {@code ref} (given {@code latest} when it has no tag) at image {@code id}, recording the
   * image first if needed. Returns the image the reference pointed at before, if another.
   */
  public Optional<Digest> tag(ImageReference ref, Digest id) throws IOException {
    ImageReference key = ref.withDefaultTag();
    if (key.tag() != null && key.digest() != null) {
      throw new StrataException(
          "cannot tag with " + ref.familiar() + ": give a tag or a digest, not both");
    }
    if (key.digest() != null && !key.digest().equals(id)) {
      throw new StrataException(
          "cannot point " + ref.familiar() + " at a different image " + id.shortId());
    }
    try (StoreLock lock = store.lock()) {
      Catalog read = catalog();
      Catalog c = withImage(read, id);
      if (c == read && id.equals(c.references().get(key.toString()))) {
        return Optional.empty(); // already so: a no-op rebuild rewrites nothing
      }
      Map<String, Digest> refs = new TreeMap<>(c.references());
      Digest previous = refs.put(key.toString(), id);
      c.withReferences(refs).write(file, store.stagingDir());
      return Optional.ofNullable(previous).filter(p -> !p.equals(id));
    }
  }

  /** Removes reference {@code ref} (the image stays, possibly dangling). */
  public boolean untag(ImageReference ref) throws IOException {
    try (StoreLock lock = store.lock()) {
      Catalog c = catalog();
      Map<String, Digest> refs = new TreeMap<>(c.references());
      if (refs.remove(ref.withDefaultTag().toString()) == null) {
        return false;
      }
      c.withReferences(refs).write(file, store.stagingDir());
      return true;
    }
  }

  /** The image {@code ref} (default tag {@code latest}) points at. */
  public Optional<Digest> lookup(ImageReference ref) throws IOException {
    Catalog c = catalog();
    ImageReference key = ref.withDefaultTag();
    if (key.digest() != null && key.tag() == null) {
      Digest d = c.references().get(key.toString());
      if (d != null) {
        return Optional.of(d);
      }
      return c.images().containsKey(key.digest().toString())
          ? Optional.of(key.digest())
          : Optional.empty();
    }
    if (key.digest() != null) {
      return c.images().containsKey(key.digest().toString())
          ? Optional.of(key.digest())
          : Optional.empty();
    }
    return Optional.ofNullable(c.references().get(key.toString()));
  }

  /**
   * The id of the image {@code nameOrId} names: a reference first (as Docker does), then a full id,
   * then a unique id prefix. Throws {@link ImageNotFoundException}, or a {@link StrataException}
   * for an ambiguous prefix.
   */
  public Digest resolve(String nameOrId) throws IOException {
    return resolve(catalog(), nameOrId);
  }

  private Digest resolve(Catalog c, String text) {
    StrataException invalid = null;
    if (text.startsWith(Digest.SHA256 + ":") && Digest.isDigest(text)) {
      Digest d = Digest.parse(text);
      if (c.images().containsKey(d.toString())) {
        return d;
      }
    } else {
      try {
        ImageReference ref = ImageReference.parse(text).withDefaultTag();
        Digest d =
            ref.digest() != null && c.images().containsKey(ref.digest().toString())
                ? ref.digest()
                : c.references().get(ref.toString());
        if (d != null) {
          return d;
        }
      } catch (StrataException e) {
        invalid = e;
      }
    }
    var m = HEX_PREFIX.matcher(text);
    if (m.matches()) {
      String prefix = "sha256:" + m.group(1);
      List<String> matches =
          c.images().keySet().stream().filter(id -> id.startsWith(prefix)).toList();
      if (matches.size() == 1) {
        return Digest.parse(matches.get(0));
      }
      if (matches.size() > 1) {
        throw new StrataException(
            "ambiguous image id prefix \"" + text + "\": matches " + matches.size() + " images");
      }
    }
    if (invalid != null && !m.matches()) {
      throw invalid;
    }
    throw new ImageNotFoundException(text);
  }

  public Optional<ImageEntry> get(Digest id) throws IOException {
    Catalog c = catalog();
    return c.images().containsKey(id.toString()) ? Optional.of(entry(c, id)) : Optional.empty();
  }

  /** Every image with its references, newest first. */
  public List<ImageEntry> list() throws IOException {
    Catalog c = catalog();
    List<ImageEntry> out = new ArrayList<>();
    for (String id : c.images().keySet()) {
      out.add(entry(c, Digest.parse(id)));
    }
    out.sort((a, b) -> b.added().compareTo(a.added()));
    return out;
  }

  /** Every reference and the image it names, in reference order. */
  public Map<ImageReference, Digest> references() throws IOException {
    Map<ImageReference, Digest> out = new LinkedHashMap<>();
    catalog().references().forEach((k, v) -> out.put(ImageReference.parse(k), v));
    return out;
  }

  private static ImageEntry entry(Catalog c, Digest id) {
    Catalog.Image image = c.images().get(id.toString());
    List<ImageReference> refs =
        c.references().entrySet().stream()
            .filter(e -> e.getValue().equals(id))
            .map(e -> ImageReference.parse(e.getKey()))
            .toList();
    return new ImageEntry(id, image.mediaType(), image.added(), refs);
  }

  /**
   * Removes an image as {@code docker rmi} does, then collects garbage. Naming a reference untags
   * it, and deletes the image when no other reference is left. Naming an id deletes the image with
   * all its references; when it has several, only with {@code force}. Blobs and layer directories
   * still used by other images (or by registered {@link GcRoots}) stay.
   */
  public ImageRemoval remove(String nameOrId, boolean force) throws IOException {
    List<ImageReference> untagged = new ArrayList<>();
    List<Digest> deleted = new ArrayList<>();
    try (StoreLock lock = store.lock()) {
      Catalog c = catalog();
      Map<String, Digest> refs = new TreeMap<>(c.references());
      Map<String, Catalog.Image> images = new TreeMap<>(c.images());
      String key = referenceKey(nameOrId);
      Digest id;
      if (key != null && refs.containsKey(key)) {
        id = refs.remove(key);
        untagged.add(ImageReference.parse(key));
      } else {
        id = resolve(c, nameOrId);
        List<String> names =
            refs.entrySet().stream()
                .filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey)
                .toList();
        if (names.size() > 1 && !force) {
          throw new StrataException(
              "image "
                  + id.shortId()
                  + " is referenced by "
                  + names.size()
                  + " names ("
                  + String.join(
                      ", ", names.stream().map(n -> ImageReference.parse(n).familiar()).toList())
                  + "): remove them by name or force");
        }
        for (String n : names) {
          refs.remove(n);
          untagged.add(ImageReference.parse(n));
        }
      }
      if (!refs.containsValue(id) && images.remove(id.toString()) != null) {
        deleted.add(id);
      }
      c.withImages(images).withReferences(refs).write(file, store.stagingDir());
    }
    return new ImageRemoval(untagged, deleted, store.collectGarbage());
  }

  private static String referenceKey(String text) {
    try {
      return ImageReference.parse(text).withDefaultTag().toString();
    } catch (StrataException e) {
      return null;
    }
  }

  /** Deletes every image no reference names (Docker's dangling images); returns their ids. */
  public List<Digest> pruneDangling() throws IOException {
    List<Digest> removed = new ArrayList<>();
    try (StoreLock lock = store.lock()) {
      Catalog c = catalog();
      Map<String, Catalog.Image> images = new TreeMap<>(c.images());
      for (String id : c.images().keySet()) {
        Digest d = Digest.parse(id);
        if (!c.references().containsValue(d)) {
          images.remove(id);
          removed.add(d);
        }
      }
      if (!removed.isEmpty()) {
        c.withImages(images).write(file, store.stagingDir());
      }
    }
    return removed;
  }
}
