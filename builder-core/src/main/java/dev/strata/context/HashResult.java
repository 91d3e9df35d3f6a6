package dev.strata.context;

import dev.strata.Digest;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Content digests of a context's regular files and what it cost to get them.
 *
 * @param digests relative path to the sha256 of the file's bytes, in {@link
 *     ContextEntry#PATH_ORDER}; regular files only (a link's identity is its target)
 * @param filesHashed how many files were read
 * @param bytesHashed how many bytes were read
 * @param cacheHits how many digests came from the stat cache without reading the file
 */
public record HashResult(
    SortedMap<String, Digest> digests, int filesHashed, long bytesHashed, int cacheHits) {
  public HashResult {
    TreeMap<String, Digest> copy = new TreeMap<>(ContextEntry.PATH_ORDER);
    copy.putAll(digests);
    digests = Collections.unmodifiableSortedMap(copy);
  }

  /** The digest of the file at {@code path}, which must have been hashed. */
  public Digest digest(String path) {
    Digest d = digests.get(path);
    if (d == null) {
      throw new IllegalArgumentException("no digest for " + path);
    }
    return d;
  }
}
