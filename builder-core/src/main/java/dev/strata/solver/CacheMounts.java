package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.MountSharing;
import dev.strata.fs.Syscalls;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The persistent directories of {@code RUN --mount=type=cache}, under the store's {@code
 * cache/mounts/}, one per cache id (the target when no id is given). They outlive builds and are
 * never part of a layer or a cache key.
 *
 * <p>Sharing: {@code shared} (the default) lets concurrent steps use one directory; {@code locked}
 * and {@code private} give a step the directory to itself, waiting for other users across threads
 * and processes (BuildKit gives {@code private} a fresh directory instead; waiting is the simpler
 * safe choice).
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
    if (sharing != MountSharing.SHARED) {
      release = store.lock("cache-mount:" + key);
    }
    try (var creation = store.lock("cache-mount-create:" + key)) {
      if (!Files.isDirectory(dir)) {
        Path staging = store.newTempPath("cache-mount");
        Files.createDirectories(staging);
        Syscalls.lchmod(staging, (int) mount.mode().orElse(0755));
        Syscalls.lchown(staging, (int) mount.uid().orElse(0), (int) mount.gid().orElse(0));
        Files.createDirectories(dir.getParent());
        Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(release);
      throw e;
    }
    return new Acquired(dir, release);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // the original failure is what the caller needs to see
    }
  }
}
