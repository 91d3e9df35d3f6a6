package dev.strata.store;

/**
 * A held store lock; closing it releases the lock. Obtained from {@link Store#lock()} (the
 * store-wide mutation lock) or {@link Store#lock(String)} (a per-key lock). Both exclude other
 * threads of this process and other processes on the same root; both are reentrant for the holding
 * thread, which must also be the thread that closes it.
 */
public final class StoreLock implements AutoCloseable {
  private final Runnable release;
  private boolean closed;

  StoreLock(Runnable release) {
    this.release = release;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release.run();
    }
  }
}
