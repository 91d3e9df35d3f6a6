package dev.strata.store;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strata store opened on a root directory:
 *
 * <pre>
 * blobs/sha256/&lt;hex&gt;   content-addressed blobs ({@link #blobs()})
 * image/images.json     images and references ({@link #images()})
 * layers/&lt;chainid&gt;/    extracted layers ({@link #layers()})
 * containers/ volumes/ cache/   owned by those packages, published through {@link #newTempDirectory}
 * tmp/s-&lt;slot&gt;/        one staging directory per open store
 * lock                  every lock, as byte ranges ({@link #lock()}, {@link #lease()})
 * </pre>
 *
 * <p>Opening creates the layout and removes whatever a killed process left under {@code tmp/}: work
 * in progress lives only there until its final rename, so leftovers are incomplete by definition.
 * Open one store per root per process and close it when done; several processes may use one root at
 * the same time.
 */
public final class Store implements AutoCloseable {
  private final Path root;
  private final LockFile locks;
  private final Session session;
  private final int cleanedAtOpen;
  private final BlobStore blobs;
  private final ImageStore images;
  private final LayerStore layers;
  private final SegmentTables segments;
  private final SpareTrees spares;
  private final List<GcRoots> gcRoots = new CopyOnWriteArrayList<>();
  private final List<CheckExtension> checks = new CopyOnWriteArrayList<>();

  private Store(Path root, LockFile locks, Session session, int cleaned) {
    this.root = root;
    this.locks = locks;
    this.session = session;
    this.cleanedAtOpen = cleaned;
    this.blobs = new BlobStore(root.resolve("blobs"), session);
    this.images = new ImageStore(this, root.resolve("image"));
    this.layers = new LayerStore(this, root.resolve("layers"));
    this.segments = new SegmentTables(root.resolve("cache").resolve("segments"), blobs, session);
    this.spares = new SpareTrees(root.resolve("cache").resolve("spare"), session);
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static Store open(Path root) {
    Path r = root.toAbsolutePath().normalize();
    LockFile locks = null;
    try {
      for (String dir :
          List.of("blobs/sha256", "image", "layers", "containers", "volumes", "cache", "tmp")) {
        Files.createDirectories(r.resolve(dir));
      }
      locks = LockFile.open(r);
      Path tmp = r.resolve("tmp");
      int cleaned = Session.cleanStale(tmp, locks);
      Session session = Session.start(tmp, locks);
      return new Store(r, locks, session, cleaned);
    } catch (IOException | RuntimeException e) {
      if (locks != null) {
        try {
          locks.release();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof StrataException se) {
        throw se;
      }
      throw new StrataException("cannot open store at " + r + ": " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  public Path root() {
    return root;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public ImageStore images() {
    return images;
  }

  public LayerStore layers() {
    return layers;
  }

  /** Where the segments of gzip layer blobs lie, for later layers to reuse. */
  public SegmentTables segments() {
    return segments;
  }

  /** The trees builds left for the next build of the same stage to take files from. */
  public SpareTrees spares() {
    return spares;
  }

  public Path containersDir() {
    return root.resolve("containers");
  }

  public Path volumesDir() {
    return root.resolve("volumes");
  }

  public Path cacheDir() {
    return root.resolve("cache");
  }

  /** How many stale entries {@link #open} removed from {@code tmp/}. */
  public int cleanedAtOpen() {
    return cleanedAtOpen;
  }

  /**
   * A new empty directory in this store's staging area, on the same file system as the root: build
   * there, then publish with {@link dev.strata.fs.AtomicFiles#publish}. Removed when the store
   * closes if still there.
   */
  public Path newTempDirectory(String prefix) throws IOException {
    return session.newDirectory(prefix);
  }

  /** A new path (not created) in the staging area. */
  public Path newTempPath(String prefix) {
    return session.newPath(prefix);
  }

  Path stagingDir() {
    return session.dir();
  }

  /**
   * The store-wide mutation lock, blocking until held: serializes changes to references, images and
   * collection across threads and processes. Hold it briefly; readers never need it.
   */
  public StoreLock lock() throws IOException {
    return locks.acquire(LockFile.MUTATION);
  }

  /** A lock for one key (say, one layer being extracted), independent of the store lock. */
  public StoreLock lock(String key) throws IOException {
    return locks.acquire(LockFile.keyPosition(key));
  }

  /** The lock for {@code key} if no other thread or process holds it right now. */
  public java.util.Optional<StoreLock> tryLock(String key) throws IOException {
    return locks.tryAcquire(LockFile.keyPosition(key));
  }

  /** Holds off garbage collection on this root, in every process, until closed. */
  public Lease lease() throws IOException {
    return locks.lease();
  }

  LockFile locks() {
    return locks;
  }

  /** Adds roots the collector keeps (the cache index, containers). */
  public void addGcRoots(GcRoots roots) {
    gcRoots.add(roots);
  }

  List<GcRoots> gcRoots() {
    return gcRoots;
  }

  /** Adds a check run by {@link #check} after the store's own. */
  public void addCheck(CheckExtension check) {
    checks.add(check);
  }

  List<CheckExtension> checks() {
    return checks;
  }

  /**
   * Removes blobs and layer directories nothing keeps, and every spare tree; deferred (returns
   * {@code ran() == false}) while any process holds a lease.
   */
  public GcResult collectGarbage() throws IOException {
    return new GarbageCollector(this).collect();
  }

  /** Checks the store; with {@code repair}, removes what is broken. */
  public CheckReport check(boolean repair) throws IOException {
    return new SystemCheck(this).run(repair);
  }

  public DiskUsage diskUsage() throws IOException {
    return DiskUsage.compute(this);
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } finally {
      locks.release();
    }
  }
}
