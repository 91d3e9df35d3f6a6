package dev.strata.solver.copy;

import dev.strata.context.BuildContext;
import dev.strata.context.ContextHasher;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where COPY and ADD read their local sources: the build context (through its ignore file, owners
 * reset to 0:0) or, for {@code COPY --from}, the root file system of another stage or image (owners
 * kept). Source paths are always read as if chrooted into the source.
 */
public sealed interface CopySource {
  /** The build context; contents are hashed without a stat cache. */
  static CopySource context(BuildContext context) {
    return new Context(context, null);
  }

  /**
   * The build context, hashing contents through {@code hasher} (which must be for the same
   * directory) so that unchanged files are not read again.
   */
  static CopySource context(BuildContext context, ContextHasher hasher) {
    return new Context(context, hasher);
  }

  /** The root file system of a stage or image, a plain directory. */
  static CopySource rootfs(Path root) {
    return new Rootfs(root);
  }

  /** A build context, optionally with the hasher that caches its file digests. */
  record Context(BuildContext context, ContextHasher hasher) implements CopySource {
    public Context {
      Objects.requireNonNull(context, "context");
    }
  }

  /** Another stage's or image's root file system. */
  record Rootfs(Path root) implements CopySource {
    public Rootfs {
      Objects.requireNonNull(root, "root");
    }
  }
}
