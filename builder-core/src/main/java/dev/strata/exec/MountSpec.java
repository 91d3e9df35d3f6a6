package dev.strata.exec;

import java.nio.file.Path;

/**
 * A mount added to the process's file-system view. Each target is an absolute path inside the
 * rootfs, resolved there as if chrooted (symlinks in the rootfs never lead out of it). Mount points
 * that the rootfs lacks are created for the run and removed after it.
 */
public sealed interface MountSpec permits MountSpec.Bind, MountSpec.Tmpfs {
  /** The absolute path inside the rootfs. */
  String target();

  /** A host file or directory bound at {@code target}, recursively, optionally read-only. */
  record Bind(Path source, String target, boolean readOnly) implements MountSpec {
    public Bind {
      if (!source.isAbsolute()) {
        throw new IllegalArgumentException("bind source must be absolute: " + source);
      }
      checkTarget(target);
    }
  }

  /**
   * A fresh tmpfs at {@code target}.
   *
   * @param sizeBytes 0 for the kernel's default (half of memory)
   * @param mode the permission bits of its root, 01777 like /tmp by default
   */
  record Tmpfs(String target, long sizeBytes, int mode) implements MountSpec {
    public Tmpfs {
      checkTarget(target);
      if (sizeBytes < 0) {
        throw new IllegalArgumentException("tmpfs size must not be negative: " + sizeBytes);
      }
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException(
            "tmpfs mode out of range: " + Integer.toOctalString(mode));
      }
    }

    /** A tmpfs of the given size with mode 01777. */
    public Tmpfs(String target, long sizeBytes) {
      this(target, sizeBytes, 01777);
    }
  }

  private static void checkTarget(String target) {
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("mount target must be absolute: " + target);
    }
    if (target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("mount target contains NUL");
    }
  }
}
