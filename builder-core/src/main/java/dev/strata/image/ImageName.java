package dev.strata.image;

import dev.strata.StrataException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository name, normalized as Docker does: {@code app} is {@code docker.io/library/app},
 * {@code user/app} is {@code docker.io/user/app}, and the first component is a registry only when
 * it contains a dot or a colon, is {@code localhost}, or has upper-case letters. {@link #toString}
 * gives the full form used for matching and storing; {@link #familiar} the short form Docker shows.
 */
public record ImageName(String domain, String path) {
  public static final String DOCKER_HUB = "docker.io";
  static final String LEGACY_DOCKER_HUB = "index.docker.io";
  static final String OFFICIAL_PREFIX = "library/";
  static final int MAX_LENGTH = 255;

  // The grammar of docker/distribution's reference package, written out as regular expressions.
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String IPV6 = "\\[[a-fA-F0-9:]+\\]";
  static final Pattern DOMAIN = Pattern.compile("(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?");
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
  static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public ImageName {
    if (!DOMAIN.matcher(domain).matches()) {
      throw new StrataException("invalid registry name \"" + domain + "\"");
    }
    if (!PATH.matcher(path).matches()) {
      throw new StrataException("invalid repository path \"" + path + "\"");
    }
  }

  /** Parses and normalizes a name without tag or digest. */
  public static ImageName parse(String text) {
    ImageReference ref = ImageReference.parse(text);
    if (ref.tag() != null || ref.digest() != null) {
      throw new StrataException(
          "invalid repository name \"" + text + "\": a tag or digest is not allowed here");
    }
    return ref.name();
  }

  /** Splits and normalizes the name part of a reference; {@code whole} is for messages. */
  static ImageName normalize(String name, String whole) {
    if (name.isEmpty()) {
      throw new StrataException("invalid image reference \"" + whole + "\": empty name");
    }
    if (HEX64.matcher(name).matches()) {
      throw new StrataException(
          "invalid repository name \""
              + whole
              + "\": a 64-character hexadecimal string is an id, not a name");
    }
    String domain;
    String remainder;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0
        || (first.indexOf('.') < 0
            && first.indexOf(':') < 0
            && !"localhost".equals(first)
            && first.toLowerCase(Locale.ROOT).equals(first))) {
      domain = DOCKER_HUB;
      remainder = name;
    } else {
      domain = first;
      remainder = name.substring(slash + 1);
    }
    if (LEGACY_DOCKER_HUB.equals(domain)) {
      domain = DOCKER_HUB;
    }
    if (DOCKER_HUB.equals(domain) && remainder.indexOf('/') < 0) {
      remainder = OFFICIAL_PREFIX + remainder;
    }
    if (!remainder.toLowerCase(Locale.ROOT).equals(remainder)) {
      throw new StrataException(
          "invalid image reference \"" + whole + "\": repository name must be lowercase");
    }
    if (!DOMAIN.matcher(domain).matches() || !PATH.matcher(remainder).matches()) {
      throw new StrataException(
          "invalid image reference \""
              + whole
              + "\": want [registry/]name[:tag][@digest], name in lowercase letters, digits and"
              + " separators (. _ __ -)");
    }
    if (domain.length() + 1 + remainder.length() > MAX_LENGTH) {
      throw new StrataException(
          "invalid image reference \""
              + whole
              + "\": repository name longer than "
              + MAX_LENGTH
              + " characters");
    }
    return new ImageName(domain, remainder);
  }

  /** The short form Docker displays: {@code app}, {@code user/app}, {@code quay.io/x/y}. */
  public String familiar() {
    if (!DOCKER_HUB.equals(domain)) {
      return toString();
    }
    if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
      return path.substring(OFFICIAL_PREFIX.length());
    }
    // Docker shortens docker.io/a.b/c to a.b/c, which then reads as registry a.b; keep the
    // registry whenever the first component would be taken for one.
    String first = path.substring(0, path.indexOf('/'));
    boolean looksLikeRegistry =
        first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || "localhost".equals(first);
    return looksLikeRegistry ? toString() : path;
  }

  /** {@code domain/path}, e.g. {@code docker.io/library/app}. */
  @Override
  public String toString() {
    return domain + "/" + path;
  }
}
