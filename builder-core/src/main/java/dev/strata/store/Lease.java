package dev.strata.store;

/**
 * Protects content that is written but not yet rooted (a blob committed by a build or a pull before
 * its image is tagged) from garbage collection. While any process holds a lease on a root,
 * collection there is deferred, never blocking: hold one from the first commit until the content is
 * reachable from a reference or a registered {@link GcRoots}. May be closed from any thread.
 *
 * <p>Take a lease before the store lock, never while holding it: a collection holds the GC lock
 * while it waits for the store lock, so the other order can deadlock.
 */
public final class Lease implements AutoCloseable {
  private final Runnable release;
  private boolean closed;

  Lease(Runnable release) {
    this.release = release;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      release.run();
    }
  }
}
