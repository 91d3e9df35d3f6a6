package dev.strata.api;

/** Shortening image ids as docker shows them. */
final class Ids {
  private Ids() {}

  /** {@code sha256:3f2a...} -> the first 12 hex characters. */
  static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
