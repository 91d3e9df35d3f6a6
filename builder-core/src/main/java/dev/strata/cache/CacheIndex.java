package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.CanonicalJson;
import dev.strata.store.CheckReport;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The persisted map from {@link CacheKey} to {@link CacheEntry}, one small file per key under the
 * store's {@code cache/index/}. Entries are written atomically and never changed, so readers need
 * no lock and two builds on one root can record the same key safely (the last rename wins with
 * equivalent content). An entry whose file is unreadable or whose layer blob is gone is a miss,
 * never a wrong hit; {@code system check} reports such entries and {@code --repair} drops them.
 * Every entry keeps its layer blob from garbage collection.
 */
public final class CacheIndex {
  private final Store store;
  private final Path dir;

  private CacheIndex(Store store) {
    this.store = store;
    this.dir = store.cacheDir().resolve("index");
  }

  /** The index of {@code store}, with its GC roots and its part of system check registered. */
  public static CacheIndex open(Store store) {
    CacheIndex index = new CacheIndex(store);
    store.addGcRoots(index::blobs);
    store.addCheck((s, repair, findings) -> index.check(repair, findings));
    return index;
  }

  /** The entry for {@code key}, if it is recorded and its layer is still in the store. */
  public Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    Optional<CacheEntry> entry = read(path(key));
    if (entry.isPresent()
        && entry.get().layer() != null
        && !store.blobs().exists(entry.get().layer().digest())) {
      return Optional.empty();
    }
    return entry;
  }

  /** Records {@code entry} under {@code key}; its layer blob must be in the store already. */
  public void record(CacheKey key, CacheEntry entry) throws IOException {
    if (entry.layer() != null && !store.blobs().exists(entry.layer().digest())) {
      throw new IllegalStateException("cache entry names a blob the store lacks: " + entry.layer());
    }
    Path target = path(key);
    Files.createDirectories(target.getParent());
    AtomicFiles.write(target, CanonicalJson.write(entry), store.newTempDirectory("cache"));
  }

  /** Drops the entry for {@code key}, if any. */
  public void remove(CacheKey key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  /** Every recorded key. */
  public List<CacheKey> keys() throws IOException {
    List<CacheKey> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        if (name.matches("[0-9a-f]{64}")) {
          keys.add(new CacheKey(Digest.parse("sha256:" + name)));
        }
      }
    }
    return keys;
  }

  private Set<Digest> blobs() throws IOException {
    Set<Digest> blobs = new HashSet<>();
    for (CacheKey key : keys()) {
      read(path(key)).map(CacheEntry::layer).ifPresent(l -> blobs.add(l.digest()));
    }
    return blobs;
  }

  private void check(boolean repair, java.util.function.Consumer<CheckReport.Finding> findings)
      throws IOException {
    for (CacheKey key : keys()) {
      Path file = path(key);
      String problem = null;
      Optional<CacheEntry> entry = Optional.empty();
      try {
        entry =
            Optional.of(
                CanonicalJson.read(Files.readAllBytes(file), CacheEntry.class, "cache entry"));
      } catch (StrataException | IllegalArgumentException e) {
        problem = "unreadable: " + e.getMessage();
      }
      if (entry.isPresent()
          && entry.get().layer() != null
          && !store.blobs().exists(entry.get().layer().digest())) {
        problem = "its layer " + entry.get().layer().digest().shortId() + " is missing";
      }
      if (problem != null) {
        if (repair) {
          Files.deleteIfExists(file);
        }
        findings.accept(
            new CheckReport.Finding(
                CheckReport.Kind.OTHER, "cache entry " + key.digest().shortId(), problem, repair));
      }
    }
  }

  private Optional<CacheEntry> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(CanonicalJson.read(bytes, CacheEntry.class, "cache entry " + file));
    } catch (StrataException | IllegalArgumentException e) {
      return Optional.empty(); // a damaged entry is a miss; system check reports it
    }
  }

  private Path path(CacheKey key) {
    String hex = key.digest().encoded();
    return dir.resolve(hex.substring(0, 2)).resolve(hex);
  }
}
