package dev.strata.dockerfile.instructions;

import java.util.Locale;

/** The kinds of {@code RUN --mount}. */
public enum MountType {
  /** A directory from the context or another stage, read-only unless {@code rw}. */
  BIND,
  /** A persistent cache directory kept between builds. */
  CACHE,
  /** An empty in-memory file system. */
  TMPFS,
  /** A secret file (or environment variable), never stored in the image or the cache. */
  SECRET,
  /** An SSH agent socket. */
  SSH;

  /** The value as written in a Dockerfile. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
