package dev.strata.cache;

import dev.strata.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A step's cache key: the sha256 of a canonical encoding of its parent's key and its {@link
 * StepInputs}. The encoding starts with a version, and every part is typed and length-prefixed, so
 * no two different inputs encode to the same bytes; change {@link #VERSION} whenever what a key
 * covers changes, which retires every older key.
 */
public record CacheKey(Digest digest) {
  /** The encoding version; part of every key. */
  public static final String VERSION = "strata.cache.v1";

  public CacheKey {
    Objects.requireNonNull(digest, "digest");
  }

  /** The key of a stage's starting point: its base, with no parent. */
  public static CacheKey root(StepInputs base) {
    return of(null, base);
  }

  /** The key of a step with {@code parent}'s key whose inputs are {@code inputs}. */
  public static CacheKey of(CacheKey parent, StepInputs inputs) {
    MessageDigest md = Digest.newSha256();
    field(md, 'V', VERSION);
    field(md, 'P', parent == null ? "" : parent.digest().toString());
    field(md, 'K', inputs.kind());
    count(md, inputs.inputs().size());
    for (StepInputs.Input input : inputs.inputs()) {
      field(md, 'N', input.name());
      field(md, 'D', input.value());
    }
    return new CacheKey(Digest.of(md));
  }

  private static void field(MessageDigest md, char type, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    md.update((byte) type);
    md.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
    md.update(bytes);
  }

  private static void count(MessageDigest md, int n) {
    md.update((byte) '#');
    md.update(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
  }

  @Override
  public String toString() {
    return digest.toString();
  }
}
