package dev.strata.image;

import dev.strata.Digest;
import dev.strata.StrataException;
import java.util.regex.Pattern;

/**
 * A reference to an image as users type it, {@code [registry/]name[:tag][@digest]}, normalized as
 * Docker does ({@code app} is {@code docker.io/library/app}). {@code tag} and {@code digest} are
 * null when absent; {@link #withDefaultTag} adds {@code latest} when both are. {@link #toString} is
 * the full form (the key in the reference store), {@link #familiar} the form Docker displays
 * ({@code app:latest}).
 */
public record ImageReference(ImageName name, String tag, Digest digest) {
  public static final String DEFAULT_TAG = "latest";

  static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

  public ImageReference {
    if (name == null) {
      throw new StrataException("image reference without a name");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new StrataException(
          "invalid tag \"" + tag + "\": up to 128 of [A-Za-z0-9_.-], not starting with . or -");
    }
  }

  /** Parses and normalizes; throws a {@link StrataException} naming the text and the problem. */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new StrataException("invalid image reference: empty");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      if (!DIGEST.matcher(d).matches()) {
        throw new StrataException(
            "invalid image reference \"" + text + "\": malformed digest \"" + d + "\"");
      }
      try {
        digest = Digest.parse(d);
      } catch (StrataException e) {
        throw new StrataException("invalid image reference \"" + text + "\": " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new StrataException(
            "invalid image reference \""
                + text
                + "\": invalid tag \""
                + tag
                + "\" (up to 128 of [A-Za-z0-9_.-], not starting with . or -)");
      }
    }
    return new ImageReference(ImageName.normalize(rest, text), tag, digest);
  }

  /** Whether {@code text} parses as a reference. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (StrataException e) {
      return false;
    }
  }

  /** This reference with tag {@code latest} when it has neither tag nor digest. */
  public ImageReference withDefaultTag() {
    return tag == null && digest == null ? new ImageReference(name, DEFAULT_TAG, null) : this;
  }

  public ImageReference withTag(String t) {
    return new ImageReference(name, t, null);
  }

  public ImageReference withDigest(Digest d) {
    return new ImageReference(name, null, d);
  }

  /** Full form: {@code docker.io/library/app:latest}, {@code localhost:5000/x@sha256:...}. */
  @Override
  public String toString() {
    return name + suffix();
  }

  /** Docker's display form: {@code app:latest}, {@code user/app@sha256:...}. */
  public String familiar() {
    return name.familiar() + suffix();
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
