package dev.strata.cache;

import dev.strata.StrataException;

/** A cache index file or build record that cannot be read as what it claims to be. */
final class CacheFileException extends StrataException {
  private static final long serialVersionUID = 1L;

  CacheFileException(String message) {
    super(message);
  }
}
