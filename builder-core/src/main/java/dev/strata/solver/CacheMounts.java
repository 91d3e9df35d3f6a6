package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.MountSharing;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.Store;
import dev.strata.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The persistent directories of {@code RUN --mount=type=cache}, under the store's {@code
 * cache/mounts/}, one per cache id (the target when no id is given). They outlive builds and are
 * never part of a layer or a cache key.
 *
 * <p>Sharing, as BuildKit defines it: {@code shared} (the default) lets concurrent steps use one
 * directory; {@code locked} gives a step the directory to itself, waiting for other users across
 * threads and processes; {@code private} takes the directory when it is free and otherwise gives
 * the step a fresh empty one of its own, removed when the step ends, so it never waits.
 */
final class CacheMounts {
  private final Store store;

  CacheMounts(Store store) {
    this.store = store;
  }

  /** A cache directory ready to bind, and what to release when the step ends. */
  record Acquired(Path dir, AutoCloseable release) {}

  Acquired acquire(Mount mount) throws IOException {
    String id = mount.id().isEmpty() ? mount.target() : mount.id();
    String key = Digest.sha256(id).encoded();
    Path dir = store.cacheDir().resolve("mounts").resolve(key);
    AutoCloseable release = () -> {};
    MountSharing sharing = mount.sharing().orElse(MountSharing.SHARED);
    if (sharing == MountSharing.LOCKED) {
      release = store.lock("cache-mount:" + key);
    } else if (sharing == MountSharing.PRIVATE) {
      Optional<StoreLock> free = store.tryLock("cache-mount:" + key);
      if (free.isEmpty()) {
        Path fresh = created(store.newTempPath("cache-mount"), mount);
        return new Acquired(fresh, () -> TreeDeletion.delete(fresh));
      }
      release = free.get();
    }
    try (var creation = store.lock("cache-mount-create:" + key)) {
      if (!Files.isDirectory(dir)) {
        Path staging = created(store.newTempPath("cache-mount"), mount);
        Files.createDirectories(dir.getParent());
        Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(release);
      throw e;
    }
    return new Acquired(dir, release);
  }

  /** {@code dir}, created empty with the mount's mode and owner. */
  private static Path created(Path dir, Mount mount) throws IOException {
    Files.createDirectories(dir);
    Syscalls.lchmod(dir, (int) mount.mode().orElse(0755));
    Syscalls.lchown(dir, (int) mount.uid().orElse(0), (int) mount.gid().orElse(0));
    return dir;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // the original failure is what the caller needs to see
    }
  }
}
