package dev.strata.cache;

import dev.strata.Digest;
import java.util.Optional;

/**
 * The canonical, versioned encoding a {@link CacheKey} is the sha256 of. Version 1:
 *
 * <pre>
 * text  "strata.cache.key"
 * u32   1                                   the version
 * u8    0 | 1, then text parent key        whether there is a parent (FROM has none)
 * text  step kind                           {@link StepKind} constant name
 * u32   number of components
 * per component, in order:
 *   text  input kind                        {@link InputKind} constant name
 *   text  name
 *   text  value                             TEXT: the text; HIDDEN and CONTENT: the digest;
 *                                           FILES: the {@link FileSet#digest() tree digest}
 * </pre>
 *
 * where {@code text} is a u32 byte length followed by UTF-8 and integers are big-endian. Every
 * field is framed and every component carries its kind and name, so two different (parent, inputs)
 * pairs never encode to the same bytes; the kind fixes the value's form, so a reader can always
 * decode. Changing anything here changes every key: bump {@link #VERSION} and the golden tests.
 */
public final class CacheKeyEncoder {
  /** The encoding's version, written first so old and new keys never coincide. */
  public static final int VERSION = 1;

  private static final String TAG = "strata.cache.key";
  private static final String COMPONENT_TAG = "strata.cache.input";

  private CacheKeyEncoder() {}

  /** The key of a step with {@code inputs} whose parent has key {@code parent}. */
  public static CacheKey key(Optional<CacheKey> parent, StepInputs inputs) {
    return new CacheKey(Digest.sha256(encode(parent, inputs)));
  }

  /** The key of a step with a parent. */
  public static CacheKey key(CacheKey parent, StepInputs inputs) {
    return key(Optional.of(parent), inputs);
  }

  /** The bytes the key is the sha256 of. */
  public static byte[] encode(Optional<CacheKey> parent, StepInputs inputs) {
    Framing f = new Framing();
    f.text(TAG);
    f.u32(VERSION);
    if (parent.isPresent()) {
      f.u8(1);
      f.text(parent.get().toString());
    } else {
      f.u8(0);
    }
    f.text(inputs.kind().name());
    f.u32(inputs.inputs().size());
    for (StepInput i : inputs.inputs()) {
      component(f, i);
    }
    return f.bytes();
  }

  /**
   * The digest of one component on its own (for {@link StepInputs#summary()}): the same framing
   * under its own tag and version.
   */
  public static Digest digest(StepInput input) {
    Framing f = new Framing();
    f.text(COMPONENT_TAG);
    f.u32(VERSION);
    component(f, input);
    return Digest.sha256(f.bytes());
  }

  private static void component(Framing f, StepInput i) {
    f.text(i.kind().name());
    f.text(i.name());
    f.text(value(i));
  }

  private static String value(StepInput i) {
    if (i instanceof StepInput.Text t) {
      return t.value();
    } else if (i instanceof StepInput.Hidden h) {
      return h.digest().toString();
    } else if (i instanceof StepInput.Content c) {
      return c.digest().toString();
    } else {
      return ((StepInput.Files) i).files().digest().toString();
    }
  }
}
