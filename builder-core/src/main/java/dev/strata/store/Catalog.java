package dev.strata.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.fs.FileVersion;
import dev.strata.image.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The persisted state of {@code image/images.json}: the images the store holds (by id) and the
 * references (full name:tag or name@digest) pointing at them. One file, so images and references
 * always change together; rewritten whole, atomically, under the store lock, and read without one.
 */
record Catalog(
    @JsonProperty(required = true) int version,
    @JsonInclude(JsonInclude.Include.ALWAYS) SortedMap<String, Image> images,
    @JsonInclude(JsonInclude.Include.ALWAYS) SortedMap<String, Digest> references) {
  static final int VERSION = 1;
  static final String FILE = "images.json";

  /** One image's record; the id is the key. */
  record Image(String mediaType, Instant added) {}

  Catalog {
    if (version != VERSION) {
      throw new StrataException("unsupported image catalog version " + version);
    }
    images = Collections.unmodifiableSortedMap(new TreeMap<>(images == null ? Map.of() : images));
    references =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(references == null ? Map.of() : references));
  }

  static Catalog empty() {
    return new Catalog(VERSION, null, null);
  }

  /** Reads the catalog; a missing file is an empty catalog, a damaged one a user error. */
  static Catalog read(Path file) throws IOException {
    Optional<FileVersion> version = FileVersion.of(file);
    if (version.isEmpty()) {
      return empty();
    }
    // A build reads the catalog several times (references, the image, tags): parse each version
    // once. The catalog is immutable, and a writer always replaces the file.
    Optional<Catalog> parsed = PARSED.get(file, version.get());
    if (parsed.isPresent()) {
      return parsed.get();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return empty();
    }
    Catalog c;
    try {
      c = CanonicalJson.read(bytes, Catalog.class, "image catalog " + file);
    } catch (StrataException e) {
      throw new StrataException(
          e.getMessage() + " (run strata system check --repair to set it aside)", e);
    }
    // The version read before the bytes: if the file was replaced in between, the next read
    // sees a new version and parses again.
    PARSED.put(file, version.get(), c);
    return c;
  }

  private static final FileVersion.Memo<Catalog> PARSED = new FileVersion.Memo<>();

  void write(Path file, Path stagingDir) throws IOException {
    AtomicFiles.write(file, CanonicalJson.write(this), stagingDir);
  }

  Catalog withImages(Map<String, Image> i) {
    return new Catalog(version, new TreeMap<>(i), references);
  }

  Catalog withReferences(Map<String, Digest> r) {
    return new Catalog(version, images, new TreeMap<>(r));
  }
}
