package dev.strata.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reader of the version-1 key encoding written from its documented layout, independent of the
 * encoder. That every encoding decodes back to its input proves the encoding injective: a function
 * with a left inverse never maps two inputs to the same bytes.
 */
final class KeyDecoding {
  private KeyDecoding() {}

  /** The identity {@link CacheArbitraries.Keyed#identity()} describes, read from the bytes. */
  static List<Object> decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (!"strata.cache.key".equals(text(b))) {
      throw new IllegalArgumentException("bad tag");
    }
    if (b.getInt() != 1) {
      throw new IllegalArgumentException("bad version");
    }
    List<Object> id = new ArrayList<>();
    int flag = b.get();
    if (flag == 0) {
      id.add(Optional.empty());
    } else if (flag == 1) {
      id.add(Optional.of(text(b)));
    } else {
      throw new IllegalArgumentException("bad parent flag " + flag);
    }
    id.add(text(b));
    int n = b.getInt();
    for (int i = 0; i < n; i++) {
      id.add(List.of(text(b), text(b), text(b)));
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " bytes left over");
    }
    return id;
  }

  static String expectedValue(StepInput i) {
    if (i instanceof StepInput.Text t) {
      return t.value();
    } else if (i instanceof StepInput.Hidden h) {
      return h.digest().toString();
    } else if (i instanceof StepInput.Content c) {
      return c.digest().toString();
    }
    return ((StepInput.Files) i).files().digest().toString();
  }

  private static String text(ByteBuffer b) {
    int len = b.getInt();
    byte[] s = new byte[len];
    b.get(s);
    String decoded = new String(s, StandardCharsets.UTF_8);
    if (!java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), s)) {
      throw new IllegalArgumentException("not UTF-8");
    }
    return decoded;
  }
}
