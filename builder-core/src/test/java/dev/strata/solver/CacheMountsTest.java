package dev.strata.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.MountSharing;
import dev.strata.dockerfile.instructions.MountType;
import dev.strata.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMountsTest {
  @TempDir Path dir;
  Store store;
  CacheMounts mounts;
  ExecutorService other = Executors.newSingleThreadExecutor();

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
    mounts = new CacheMounts(store);
  }

  @AfterEach
  void close() {
    other.shutdownNow();
  }

  static Mount cache(MountSharing sharing) {
    return new Mount(
        MountType.CACHE,
        "/var/cache/apt",
        "",
        "",
        false,
        "apt",
        Optional.of(sharing),
        false,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        Optional.empty());
  }

  @Test
  void privateGivesASecondConcurrentUserAFreshDirectoryInsteadOfWaiting() throws Exception {
    CacheMounts.Acquired first = mounts.acquire(cache(MountSharing.PRIVATE));
    Files.writeString(first.dir().resolve("kept"), "x");

    CacheMounts.Acquired second =
        other.submit(() -> mounts.acquire(cache(MountSharing.PRIVATE))).get(10, TimeUnit.SECONDS);
    assertThat(second.dir()).isNotEqualTo(first.dir());
    assertThat(second.dir()).isEmptyDirectory();
    other
        .submit(
            () -> {
              second.release().close();
              return null;
            })
        .get();
    assertThat(second.dir()).doesNotExist();
    first.release().close();

    // Once free, the persistent directory is handed out again, with what was left in it.
    CacheMounts.Acquired third =
        other.submit(() -> mounts.acquire(cache(MountSharing.PRIVATE))).get(10, TimeUnit.SECONDS);
    assertThat(third.dir()).isEqualTo(first.dir());
    assertThat(third.dir().resolve("kept")).exists();
    other
        .submit(
            () -> {
              third.release().close();
              return null;
            })
        .get();
  }

  @Test
  void lockedWaitsForTheHolderAndSharedDoesNot() throws Exception {
    CacheMounts.Acquired held = mounts.acquire(cache(MountSharing.LOCKED));
    Future<CacheMounts.Acquired> waiting =
        other.submit(() -> mounts.acquire(cache(MountSharing.LOCKED)));
    try {
      waiting.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("locked cache mount was handed out twice");
    } catch (TimeoutException expected) {
      // still waiting for the holder
    }
    assertThat(CompletableFuture.supplyAsync(() -> acquireShared()).get(10, TimeUnit.SECONDS))
        .isEqualTo(held.dir());
    held.release().close();
    CacheMounts.Acquired next = waiting.get(10, TimeUnit.SECONDS);
    assertThat(next.dir()).isEqualTo(held.dir());
    other
        .submit(
            () -> {
              next.release().close();
              return null;
            })
        .get();
  }

  private Path acquireShared() {
    try {
      return mounts.acquire(cache(MountSharing.SHARED)).dir();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
