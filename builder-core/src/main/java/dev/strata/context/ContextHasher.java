package dev.strata.context;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the sha256 of build-context files, reading a file only when its stat changed since the
 * digest was recorded in the persisted stat cache.
 *
 * <p>A cached digest is used only when the file's device, inode, mode, owner, size, mtime and ctime
 * (all to the nanosecond) equal those recorded and the entry is not racy. The ctime catches a
 * rewrite whose mtime was restored ({@code touch -d}, {@code Files.setLastModifiedTime}), which an
 * mtime-and-size check misses (moby/buildkit#4950). An entry is racy, as in Git's index, when the
 * file's mtime or ctime is not older than the start of the hash run by more than the racy window:
 * the file system stamps times coarsely, so a change made in the same tick right after hashing
 * could leave every stat field as it was. Racy entries are stored but always hashed again; the
 * default window of two seconds covers file systems with one-second stamps plus the lag of the
 * kernel's coarse clock.
 *
 * <p>Files are hashed on a bounded pool (by default one thread per available processor); the result
 * does not depend on thread timing. Contents are read through {@link ConfinedTree}, so a link in
 * the path is never followed out of the context.
 */
public final class ContextHasher {
  /** Two seconds: one-second time stamps plus the coarse-clock lag. */
  public static final Duration DEFAULT_RACY_WINDOW = Duration.ofSeconds(2);

  private final ConfinedTree tree;
  private final Path cacheFile;
  private final int parallelism;
  private final Clock clock;
  private final long racyWindowNanos;

  /**
   * A hasher for {@code contextDir} that persists its stat cache in {@code cacheFile} (null for no
   * persistence), with one thread per processor and the real clock.
   */
  public ContextHasher(Path contextDir, Path cacheFile) {
    this(
        contextDir,
        cacheFile,
        Runtime.getRuntime().availableProcessors(),
        Clock.systemUTC(),
        DEFAULT_RACY_WINDOW);
  }

  /**
   * @param parallelism the most files hashed at once, at least 1
   * @param clock when a hash run starts, for the racy rule
   * @param racyWindow how close to the run's start a file time makes its entry racy
   */
  public ContextHasher(
      Path contextDir, Path cacheFile, int parallelism, Clock clock, Duration racyWindow) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    try {
      this.tree = new ConfinedTree(contextDir.toRealPath());
    } catch (IOException e) {
      throw BuildContext.failure("cannot open build context directory " + contextDir, e);
    }
    this.cacheFile = cacheFile;
    this.parallelism = parallelism;
    this.clock = clock;
    this.racyWindowNanos = racyWindow.toNanos();
  }

  /**
   * Digests of the regular files among {@code paths} (relative to the context). Directories, links
   * and special files among them get no digest. A missing or unreadable path is a {@link
   * BuildContextException} naming it.
   */
  public HashResult hash(Collection<String> paths) {
    Set<String> unique = new TreeSet<>(ContextEntry.PATH_ORDER);
    for (String p : paths) {
      String rel = BuildContext.relative(p);
      if (rel.isEmpty()) {
        throw new BuildContextException("cannot hash the build context root as a file");
      }
      unique.add(rel);
    }
    return run(new ArrayList<>(unique), Set.of());
  }

  /**
   * Digests of every regular file {@code context} lists at and below {@code subtree}; cache entries
   * below the subtree for files that are no longer listed are dropped.
   */
  public HashResult hash(BuildContext context, String subtree) {
    if (!context.root().equals(tree.root())) {
      throw new IllegalArgumentException(
          "context " + context.root() + " is not this hasher's " + tree.root());
    }
    List<String> files = new ArrayList<>();
    context.walk(
        subtree,
        e -> {
          if (e.isFile()) {
            files.add(e.path());
          }
        });
    String rel = BuildContext.relative(subtree);
    Set<String> stale = new HashSet<>();
    if (cacheFile != null) {
      Set<String> listed = new HashSet<>(files);
      for (String cached : StatCache.load(cacheFile).keySet()) {
        boolean below = rel.isEmpty() || cached.equals(rel) || cached.startsWith(rel + "/");
        if (below && !listed.contains(cached)) {
          stale.add(cached);
        }
      }
    }
    return run(files, stale);
  }

  private HashResult run(List<String> paths, Set<String> stale) {
    long startNanos = nanos(clock.instant());
    Map<String, StatCache.Entry> cached = cacheFile == null ? Map.of() : StatCache.load(cacheFile);
    Outcome[] outcomes = new Outcome[paths.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable worker =
        () -> {
          for (int i; !failed.get() && (i = next.getAndIncrement()) < paths.size(); ) {
            try {
              outcomes[i] = hashOne(paths.get(i), cached.get(paths.get(i)), startNanos);
            } catch (RuntimeException e) {
              failed.set(true);
              throw e;
            }
          }
        };
    runWorkers(worker, Math.min(parallelism, paths.size()));

    SortedMap<String, Digest> digests = new TreeMap<>(ContextEntry.PATH_ORDER);
    Map<String, StatCache.Entry> fresh = new HashMap<>();
    Set<String> gone = new HashSet<>(stale);
    int filesHashed = 0;
    long bytesHashed = 0;
    int hits = 0;
    for (int i = 0; i < outcomes.length; i++) {
      Outcome o = outcomes[i];
      String path = paths.get(i);
      if (o.entry() == null) {
        if (cached.containsKey(path)) {
          gone.add(path);
        }
        continue;
      }
      digests.put(path, o.entry().digest());
      if (o.bytesRead() < 0) {
        hits++;
      } else {
        filesHashed++;
        bytesHashed += o.bytesRead();
        fresh.put(path, o.entry());
      }
    }
    gone.retainAll(cached.keySet());
    if (cacheFile != null && (!fresh.isEmpty() || !gone.isEmpty())) {
      try {
        StatCache.update(cacheFile, fresh, gone);
      } catch (IOException e) {
        throw BuildContext.failure("cannot write the context stat cache " + cacheFile, e);
      }
    }
    return new HashResult(digests, filesHashed, bytesHashed, hits);
  }

  /** What hashing one path gave: no entry for a non-file; bytesRead -1 for a cache hit. */
  private record Outcome(StatCache.Entry entry, long bytesRead) {}

  private Outcome hashOne(String rel, StatCache.Entry cached, long startNanos) {
    Path absolute = tree.root().resolve(rel);
    FileStat before = stat(rel, absolute);
    if (before.type() != EntryType.FILE) {
      return new Outcome(null, 0);
    }
    if (cached != null && !cached.racy() && cached.stat().equals(before)) {
      return new Outcome(cached, -1);
    }
    MessageDigest md = Digest.newSha256();
    long total = 0;
    try (SeekableByteChannel in = tree.openFile(rel)) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      for (int n; (n = in.read(buf)) >= 0; ) {
        buf.flip();
        md.update(buf);
        buf.clear();
        total += n;
      }
    } catch (IOException e) {
      throw BuildContext.failure("cannot read " + rel + " in the build context", e);
    }
    FileStat after = stat(rel, absolute);
    boolean racy =
        !after.equals(before)
            || Math.max(after.mtimeNanos(), after.ctimeNanos()) >= startNanos - racyWindowNanos;
    return new Outcome(new StatCache.Entry(after, Digest.of(md), racy), total);
  }

  private static FileStat stat(String rel, Path absolute) {
    try {
      return FileStat.of(absolute);
    } catch (NoSuchFileException e) {
      throw new BuildContextException(rel + " does not exist in the build context", e);
    } catch (IOException e) {
      throw BuildContext.failure("cannot stat " + rel + " in the build context", e);
    }
  }

  private static void runWorkers(Runnable worker, int threads) {
    if (threads <= 1) {
      worker.run();
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "strata-context-hash");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(worker));
      }
      RuntimeException first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null && e.getCause() instanceof RuntimeException re) {
            first = re;
          } else if (first == null) {
            first = new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BuildContextException("interrupted while hashing the build context", e);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
