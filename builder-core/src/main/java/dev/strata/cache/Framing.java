package dev.strata.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte framing every cache encoding uses: integers big-endian with fixed width, strings as a
 * four-byte length followed by their strict UTF-8 bytes. A reader always knows where a field ends,
 * so no two different field sequences give the same bytes.
 */
final class Framing {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  void u8(int v) {
    out.write(v);
  }

  void u32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  void text(String s) {
    byte[] b = utf8(s);
    u32(b.length);
    out.write(b, 0, b.length);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /**
   * The UTF-8 bytes of {@code s}. The JDK's encoder turns an unpaired surrogate into {@code ?},
   * which would let two different strings encode alike; such strings are refused.
   */
  static byte[] utf8(String s) {
    if (!isValidUnicode(s)) {
      throw new IllegalArgumentException("not valid Unicode text (unpaired surrogate)");
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code s} has no unpaired surrogate, so that it encodes to UTF-8 one-to-one. */
  static boolean isValidUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
