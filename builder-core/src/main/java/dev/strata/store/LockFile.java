package dev.strata.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single lock file {@code <root>/lock} and every lock strata takes on a root, as one-byte
 * ranges of it: the store-wide mutation lock, the garbage-collection lock (shared by leases,
 * exclusive for a collection), one range per live tmp session, and hashed ranges for per-key locks.
 * One file means one descriptor per root and no lock files to clean up.
 *
 * <p>POSIX record locks belong to the process, not to a descriptor, and closing any descriptor of
 * the file drops all of them; Java also refuses overlapping locks within one JVM. So there is
 * exactly one channel per root per JVM, shared by every {@link Store} opened on it, and the JVM's
 * own threads are serialized here before they touch the file lock.
 */
final class LockFile {
  static final long MUTATION = 0;
  static final long GC = 1;
  static final long SESSIONS = 1L << 32;
  static final int SESSION_SLOTS = 1 << 24;
  static final long KEYS = 1L << 40;
  static final int KEY_SLOTS = 1 << 24;

  private static final Map<Path, LockFile> OPEN = new HashMap<>();

  private final Path path;
  private final FileChannel channel;
  private int users;
  private final Map<Long, ReentrantLock> exclusive = new ConcurrentHashMap<>();
  private final Map<Long, FileLock> held = new ConcurrentHashMap<>();
  private final Set<Long> sessions = new HashSet<>();
  private int leases;
  private FileLock leaseLock;
  private boolean collecting;

  private LockFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** The lock file of {@code root} (which must exist), opened once per JVM and counted. */
  static LockFile open(Path root) throws IOException {
    Path p = root.toRealPath().resolve("lock");
    synchronized (OPEN) {
      LockFile f = OPEN.get(p);
      if (f == null) {
        FileChannel ch =
            FileChannel.open(
                p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        f = new LockFile(p, ch);
        OPEN.put(p, f);
      }
      f.users++;
      return f;
    }
  }

  /** Drops one user; the last one closes the channel (no lock can be held by then). */
  void release() throws IOException {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(path);
        channel.close();
      }
    }
  }

  /** Blocks until this thread holds the exclusive lock at {@code position}. */
  StoreLock acquire(long position) throws IOException {
    ReentrantLock jvm = exclusive.computeIfAbsent(position, k -> new ReentrantLock());
    jvm.lock();
    if (jvm.getHoldCount() == 1) {
      try {
        held.put(position, channel.lock(position, 1, false));
      } catch (IOException | RuntimeException e) {
        jvm.unlock();
        throw e;
      }
    }
    return new StoreLock(() -> unlock(position, jvm));
  }

  /** The exclusive lock at {@code position} if it is free right now. */
  Optional<StoreLock> tryAcquire(long position) throws IOException {
    ReentrantLock jvm = exclusive.computeIfAbsent(position, k -> new ReentrantLock());
    if (!jvm.tryLock()) {
      return Optional.empty();
    }
    if (jvm.getHoldCount() == 1) {
      FileLock fl;
      try {
        fl = channel.tryLock(position, 1, false);
      } catch (IOException | RuntimeException e) {
        jvm.unlock();
        throw e;
      }
      if (fl == null) {
        jvm.unlock();
        return Optional.empty();
      }
      held.put(position, fl);
    }
    return Optional.of(new StoreLock(() -> unlock(position, jvm)));
  }

  private void unlock(long position, ReentrantLock jvm) {
    try {
      if (jvm.getHoldCount() == 1) {
        held.remove(position).release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      jvm.unlock();
    }
  }

  /** The range of a per-key lock; distinct keys may share a range, which only serializes them. */
  static long keyPosition(String key) {
    byte[] b = dev.strata.Digest.newSha256().digest(key.getBytes(StandardCharsets.UTF_8));
    int h = ((b[0] & 0xff) << 16) | ((b[1] & 0xff) << 8) | (b[2] & 0xff);
    return KEYS + (h % KEY_SLOTS);
  }

  /** Takes a shared GC lock, waiting while a collection runs here or in another process. */
  synchronized Lease lease() throws IOException {
    while (collecting) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for garbage collection to finish", e);
      }
    }
    if (leases == 0) {
      leaseLock = channel.lock(GC, 1, true);
    }
    leases++;
    return new Lease(this::endLease);
  }

  private synchronized void endLease() {
    if (--leases == 0) {
      try {
        leaseLock.release();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        leaseLock = null;
      }
    }
  }

  /** The exclusive GC lock, or empty when any process (this one included) holds a lease. */
  synchronized Optional<StoreLock> tryCollect() throws IOException {
    if (leases > 0 || collecting) {
      return Optional.empty();
    }
    FileLock fl = channel.tryLock(GC, 1, false);
    if (fl == null) {
      return Optional.empty();
    }
    collecting = true;
    return Optional.of(new StoreLock(() -> endCollect(fl)));
  }

  private synchronized void endCollect(FileLock fl) {
    try {
      fl.release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      collecting = false;
      notifyAll();
    }
  }

  /**
   * Claims session slot {@code slot}: succeeds when no live session (of this JVM or another
   * process) holds it. The claim lasts until the returned lock is closed, from any thread.
   */
  synchronized Optional<StoreLock> claimSession(int slot) throws IOException {
    long position = SESSIONS + slot;
    if (sessions.contains(position)) {
      return Optional.empty();
    }
    FileLock fl = channel.tryLock(position, 1, false);
    if (fl == null) {
      return Optional.empty();
    }
    sessions.add(position);
    return Optional.of(new StoreLock(() -> endSession(position, fl)));
  }

  private synchronized void endSession(long position, FileLock fl) {
    try {
      fl.release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sessions.remove(position);
    }
  }
}
