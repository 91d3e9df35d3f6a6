package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.store.BlobNotFoundException;
import dev.strata.store.GcRoots;
import dev.strata.store.Lease;
import dev.strata.store.Store;
import dev.strata.store.StoreLock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * The persisted cache index under the store's {@code cache/} directory: one file per key, {@code
 * cache/index/<first two hex digits>/<key hex>.json}, each a checksummed {@link CacheEntry}, plus
 * the {@link BuildRecords} under {@code cache/builds/}.
 *
 * <p>Files are written under the store's {@code tmp/}, synced and renamed into place, so a reader
 * sees a whole entry or none and needs no lock; writers of one key are serialized by the store's
 * per-key lock. An entry that cannot be read, whose checksum or key does not match, or whose layer
 * blobs are gone or of the wrong size is a miss, never a hit; {@code strata system check} reports
 * it and {@code --repair} drops it.
 *
 * <p>Opening registers the index with the store: its entries' layer blobs (and extracted layer
 * directories) are garbage-collection roots, and its check runs with the store's. Opening again on
 * the same {@link Store} returns the same index; it lives as long as the store is open. Whatever
 * collects garbage or checks a store must open its index first, or cached blobs look unreferenced.
 * A hit's blobs are safe from collection only while the caller holds a {@link Store#lease()}, until
 * an image references them.
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class CacheIndex {
  static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
  static final Pattern FAN = Pattern.compile("[a-f0-9]{2}");
  static final String SUFFIX = ".json";

  private static final Map<Store, CacheIndex> OPEN = new WeakHashMap<>();

  private final Store store;
  private final Path dir;
  private final Path staging;
  private final BuildRecords builds;

  private CacheIndex(Store store, Path dir, Path staging, BuildRecords builds) {
    this.store = store;
    this.dir = dir;
    this.staging = staging;
    this.builds = builds;
  }

  /**
   * Opens the index of {@code store}, creating its directories, and registers its GC roots and its
   * system-check extension with the store.
   */
  public static CacheIndex open(Store store) {
    synchronized (OPEN) {
      // One index per store, so that roots and checks are registered once however often the
      // solver and the facades ask for it.
      CacheIndex open = OPEN.get(store);
      if (open == null) {
        open = create(store);
        OPEN.put(store, open);
      }
      return open;
    }
  }

  private static CacheIndex create(Store store) {
    try {
      Path dir = Files.createDirectories(store.cacheDir().resolve("index"));
      Path buildDir = Files.createDirectories(store.cacheDir().resolve("builds"));
      Path staging = store.newTempDirectory("cache");
      CacheIndex index = new CacheIndex(store, dir, staging, new BuildRecords(buildDir, staging));
      store.addGcRoots(index.new Roots());
      store.addCheck(new CacheIndexCheck(index));
      return index;
    } catch (IOException e) {
      throw new StrataException(
          "cannot open the cache index in " + store.cacheDir() + ": " + e.getMessage(), e);
    }
  }

  /** The records of earlier builds, for explaining misses. */
  public BuildRecords builds() {
    return builds;
  }

  /**
   * The entry for {@code key}, if there is a sound one: readable, checksummed, recorded for this
   * key, and with every layer blob present at its recorded size. Anything else is a miss.
   */
  public Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    byte[] bytes;
    Path file = path(key);
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StrataException("cannot read cache entry " + file + ": " + e.getMessage(), e);
    }
    CacheEntry entry;
    try {
      entry = decode(bytes, key);
    } catch (StrataException e) {
      return Optional.empty();
    }
    return problem(entry).isPresent() ? Optional.empty() : Optional.of(entry);
  }

  /**
   * Records {@code entry}, replacing an earlier entry for its key. Every layer blob must already be
   * in the store at its recorded size; the check and the write happen under a lease so the
   * collector cannot remove a blob between them.
   *
   * @throws StrataException when a layer blob is missing or of another size
   */
  public void record(CacheEntry entry) throws IOException {
    byte[] bytes = CacheJson.seal(CacheJson.ENTRY, CacheJson.entry(entry));
    try (Lease lease = store.lease();
        StoreLock lock = store.lock(lockKey(entry.key()))) {
      Optional<String> problem = problem(entry);
      if (problem.isPresent()) {
        throw new StrataException(
            "cannot record cache entry " + entry.key() + ": " + problem.get());
      }
      Path target = path(entry.key());
      Path fan = target.getParent();
      if (!Files.isDirectory(fan)) {
        Files.createDirectories(fan);
        AtomicFiles.fsyncDirectory(dir);
      }
      AtomicFiles.write(target, bytes, staging);
    }
  }

  /**
   * The sound entries among {@code keys}, in that order, as a {@link CacheArtifact} to export; keys
   * without an entry (a step that has since been collected) are left out.
   */
  public CacheArtifact export(List<CacheKey> keys) throws IOException {
    List<CacheEntry> entries = new ArrayList<>();
    for (CacheKey key : keys) {
      lookup(key).ifPresent(entries::add);
    }
    return new CacheArtifact(entries);
  }

  /** Removes the entry for {@code key}; whether there was one. */
  public boolean remove(CacheKey key) throws IOException {
    try (StoreLock lock = store.lock(lockKey(key))) {
      return delete(path(key));
    }
  }

  /** Every readable entry, by key; unreadable files are left for the system check. */
  public List<CacheEntry> list() throws IOException {
    List<CacheEntry> out = new ArrayList<>();
    for (Path file : files()) {
      Optional<CacheKey> key = keyOf(file);
      if (key.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        out.add(decode(Files.readAllBytes(file), key.get()));
      } catch (NoSuchFileException | StrataException e) {
        // Removed meanwhile, or damaged: not an entry.
      }
    }
    out.sort(Comparator.comparing(CacheEntry::key));
    return out;
  }

  /** Where the entry for {@code key} lives. */
  Path path(CacheKey key) {
    String hex = key.hex();
    return dir.resolve(hex.substring(0, 2)).resolve(hex + SUFFIX);
  }

  Path directory() {
    return dir;
  }

  Store store() {
    return store;
  }

  /** Every file in a fan-out directory (the check reports anything else). */
  List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> fans = Files.newDirectoryStream(dir)) {
      for (Path fan : fans) {
        if (!FAN.matcher(fan.getFileName().toString()).matches() || !Files.isDirectory(fan)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(fan)) {
          for (Path f : files) {
            out.add(f);
          }
        } catch (NoSuchFileException e) {
          // An empty fan-out directory removed meanwhile.
        }
      }
    }
    return out;
  }

  /** The key a file in the index is named for, if it is named like an entry in the right place. */
  static Optional<CacheKey> keyOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String hex = name.substring(0, name.length() - SUFFIX.length());
    if (!HEX64.matcher(hex).matches()
        || !file.getParent().getFileName().toString().equals(hex.substring(0, 2))) {
      return Optional.empty();
    }
    return Optional.of(new CacheKey(new Digest(Digest.SHA256, hex)));
  }

  static CacheEntry decode(byte[] bytes, CacheKey key) {
    String what = "cache entry " + key;
    CacheEntry entry = CacheJson.entry(CacheJson.open(bytes, CacheJson.ENTRY, what), what);
    if (!entry.key().equals(key)) {
      throw CacheJson.invalid(what, "the file holds the entry of " + entry.key());
    }
    return entry;
  }

  /** Why the entry's layers are not usable, if they are not. */
  Optional<String> problem(CacheEntry entry) throws IOException {
    for (CachedLayer layer : entry.layers()) {
      long size;
      try {
        size = store.blobs().size(layer.blob());
      } catch (BlobNotFoundException e) {
        return Optional.of("layer blob " + layer.blob() + " is missing");
      } catch (StrataException e) {
        return Optional.of("layer blob " + layer.blob() + ": " + e.getMessage());
      }
      if (size != layer.size()) {
        return Optional.of(
            "layer blob " + layer.blob() + " has " + size + " bytes, not " + layer.size());
      }
    }
    return Optional.empty();
  }

  static boolean delete(Path file) throws IOException {
    boolean removed = Files.deleteIfExists(file);
    if (removed) {
      AtomicFiles.fsyncDirectory(file.getParent());
    }
    return removed;
  }

  private static String lockKey(CacheKey key) {
    return "cache-entry:" + key;
  }

  /** The blobs and layer directories the entries keep. */
  private final class Roots implements GcRoots {
    @Override
    public Set<Digest> blobs() throws IOException {
      Set<Digest> out = new HashSet<>();
      for (CacheEntry e : list()) {
        e.layers().forEach(l -> out.add(l.blob()));
      }
      return out;
    }

    @Override
    public Set<Digest> layers() throws IOException {
      Set<Digest> out = new HashSet<>();
      for (CacheEntry e : list()) {
        e.layers().forEach(l -> l.chainId().ifPresent(out::add));
      }
      return out;
    }
  }
}
