package dev.strata.cache;

import dev.strata.Digest;
import java.util.Objects;

/**
 * One named component of {@link StepInputs}: a kind, a name that tells it apart from others of the
 * same kind ({@code PATH} for an env variable, the target for a mount, empty for single ones such
 * as the instruction), and a value in the kind's {@link InputKind.Form}.
 */
public sealed interface StepInput {
  InputKind kind();

  String name();

  /** How explanations and summaries name it: {@code build arg VERSION}, {@code instruction}. */
  default String id() {
    return name().isEmpty() ? kind().label() : kind().label() + " " + name();
  }

  /** A text value, stored and shown as is. */
  record Text(InputKind kind, String name, String value) implements StepInput {
    public Text {
      check(kind, name, InputKind.Form.TEXT);
      Objects.requireNonNull(value, "value");
      checkText(value, kind);
    }
  }

  /**
   * A value kept only as a digest: the index and build records never hold it, and explanations say
   * only that it changed.
   */
  record Hidden(InputKind kind, String name, Digest digest) implements StepInput {
    public Hidden {
      check(kind, name, InputKind.Form.HIDDEN);
      Objects.requireNonNull(digest, "digest");
    }

    /**
     * Hides {@code value}: the sha256 of a versioned, framed encoding of kind, name and value, so
     * that equal values under different names do not show as equal.
     */
    public static Hidden of(InputKind kind, String name, String value) {
      Objects.requireNonNull(value, "value");
      checkText(value, kind);
      Framing f = new Framing();
      f.text("strata.cache.hidden.v1");
      f.text(kind.name());
      f.text(name);
      f.text(value);
      return new Hidden(kind, name, Digest.sha256(f.bytes()));
    }
  }

  /** A content digest (a base image's manifest, the content a COPY --from copied). */
  record Content(InputKind kind, String name, Digest digest) implements StepInput {
    public Content {
      check(kind, name, InputKind.Form.CONTENT);
      Objects.requireNonNull(digest, "digest");
    }
  }

  /** Files from the build context. */
  record Files(String name, FileSet files) implements StepInput {
    public Files {
      check(InputKind.FILES, name, InputKind.Form.FILES);
      Objects.requireNonNull(files, "files");
    }

    @Override
    public InputKind kind() {
      return InputKind.FILES;
    }
  }

  private static void check(InputKind kind, String name, InputKind.Form form) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (kind.form() != form) {
      throw new IllegalArgumentException(
          kind + " is held as " + kind.form() + ", not " + form + ": " + name);
    }
    checkText(name, kind);
  }

  private static void checkText(String s, InputKind kind) {
    if (!Framing.isValidUnicode(s)) {
      throw new IllegalArgumentException(
          kind.label() + " is not valid Unicode text (unpaired surrogate)");
    }
  }
}
