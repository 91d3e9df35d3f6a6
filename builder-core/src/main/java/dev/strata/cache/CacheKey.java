package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import java.util.Objects;

/**
 * The identity of a build step's result: the sha256 of the canonical encoding of its parent's key
 * and its {@link StepInputs} (see {@link CacheKeyEncoder}). Two steps with the same key produce the
 * same layer and config, so one may reuse the other's result.
 */
public record CacheKey(Digest digest) implements Comparable<CacheKey> {
  public CacheKey {
    Objects.requireNonNull(digest, "digest");
    if (!Digest.SHA256.equals(digest.algorithm())) {
      throw new StrataException("a cache key is a sha256 digest, not " + digest);
    }
  }

  /** Parses {@code sha256:<hex>}. */
  public static CacheKey parse(String text) {
    return new CacheKey(Digest.parse(text));
  }

  /** The key's hex digits, as the index names its file. */
  public String hex() {
    return digest.encoded();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k && digest.equals(k.digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public int compareTo(CacheKey o) {
    return digest.compareTo(o.digest);
  }

  @Override
  public String toString() {
    return digest.toString();
  }
}
