package dev.strata.plan;

import java.util.Objects;

/** Where a stage starts (FROM) or where COPY --from and RUN --mount from= take files. */
public sealed interface Origin {
  /** FROM scratch: an empty root file system. */
  record Scratch() implements Origin {
    @Override
    public String toString() {
      return "scratch";
    }
  }

  /** An image reference as written (after expansion), not yet resolved to a digest. */
  record Image(String reference) implements Origin {
    public Image {
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String toString() {
      return reference;
    }
  }

  /** The result of another stage of the same Dockerfile. */
  record Stage(int index, String label) implements Origin {
    public Stage {
      Objects.requireNonNull(label, "label");
    }

    @Override
    public String toString() {
      return "stage " + label;
    }
  }
}
