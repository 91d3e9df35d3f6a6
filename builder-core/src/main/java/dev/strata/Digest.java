package dev.strata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest in the OCI form {@code algorithm:encoded}, such as {@code sha256:2c26b4...}.
 *
 * <p>strata computes only sha256 but accepts any registered algorithm with a well-formed encoding
 * when parsing, so that a digest read from elsewhere can be compared and reported.
 */
public record Digest(String algorithm, String encoded) implements Comparable<Digest> {
  public static final String SHA256 = "sha256";

  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
  private static final HexFormat HEX = HexFormat.of();

  public Digest {
    // sha256 is checked by hand: a build makes and parses tens of thousands of digests (the stat
    // cache, cache entries, records), and two regex matches each showed up in its profile.
    boolean ok;
    if (SHA256.equals(algorithm)) {
      ok = isLowerHex(encoded, 64);
    } else if (!ALGORITHM.matcher(algorithm).matches()) {
      throw new StrataException("invalid digest algorithm: " + algorithm);
    } else {
      ok = ENCODED.matcher(encoded).matches();
    }
    if (!ok) {
      throw new StrataException("invalid " + algorithm + " digest: " + encoded);
    }
  }

  private static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code algorithm:encoded}; throws a {@link StrataException} naming the bad text. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new StrataException("invalid digest: " + text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Whether {@code text} is a well-formed digest. */
  public static boolean isDigest(String text) {
    try {
      parse(text);
      return true;
    } catch (StrataException e) {
      return false;
    }
  }

  public static Digest sha256(byte[] bytes) {
    return fromSha256(newSha256().digest(bytes));
  }

  public static Digest sha256(String utf8) {
    return sha256(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /** The sha256 of everything {@code in} yields; does not close it. */
  public static Digest sha256(InputStream in) throws IOException {
    MessageDigest md = newSha256();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return fromSha256(md.digest());
  }

  /** Wraps a finished sha256 hash value. */
  public static Digest fromSha256(byte[] hash) {
    return new Digest(SHA256, HEX.formatHex(hash));
  }

  /** Wraps a finished {@link MessageDigest} (which it resets). */
  public static Digest of(MessageDigest md) {
    if (!"SHA-256".equals(md.getAlgorithm())) {
      throw new IllegalArgumentException("not sha256: " + md.getAlgorithm());
    }
    return fromSha256(md.digest());
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("JDK lacks SHA-256", e));
    }
  }

  /** The first 12 characters of the encoded part, as docker shows image ids. */
  public String shortId() {
    return encoded.substring(0, Math.min(12, encoded.length()));
  }

  // equals and hashCode by hand, like the constructor's check: the generated ones dispatch through
  // method handles, which cost microseconds a call until compiled, and a build compares and hashes
  // digests by the thousand.
  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && encoded.equals(d.encoded) && algorithm.equals(d.algorithm);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + encoded.hashCode();
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }
}
