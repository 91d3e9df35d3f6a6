package dev.strata.cache;

import java.util.Objects;

/**
 * One reason a step missed the cache, printed as one line by {@code --explain} and in the metadata
 * file's {@code missReason}: {@code file src/app.js: content changed}, {@code build arg VERSION:
 * value changed}, {@code parent changed: step 3 (COPY src /app) missed}. Hidden values
 * (environment, build arguments) never appear, only that they changed.
 *
 * @param kind what sort of change
 * @param subject what changed ({@code file src/app.js}, {@code build arg VERSION}); may be empty
 * @param detail how it changed, on one line
 */
public record MissReason(Kind kind, String subject, String detail) {
  /** The sorts of reason. */
  public enum Kind {
    /** No earlier build of the same Dockerfile and stage to compare with. */
    NO_EARLIER_BUILD,
    /** The earlier build had no step at this position. */
    NEW_STEP,
    /** The key is the earlier build's, but its cache entry is gone (pruned, repaired away). */
    ENTRY_GONE,
    /** The earlier build used another cache key format. */
    KEY_FORMAT,
    /** Lookups were turned off ({@code --no-cache}, {@code --no-cache-filter}). */
    CACHE_DISABLED,
    /** An earlier step changed, so this step's parent did. */
    PARENT_CHANGED,
    /** The instruction (text or kind) changed. */
    INSTRUCTION,
    FILE_ADDED,
    FILE_REMOVED,
    FILE_TYPE,
    FILE_CONTENT,
    FILE_MODE,
    FILE_OWNER,
    FILE_LINK_TARGET,
    /** Whether file owners count (--chown given or dropped). */
    FILE_OWNERSHIP,
    /** A summary of file changes beyond the explainer's limit. */
    MORE_FILES,
    /** A component that the earlier build did not have. */
    INPUT_ADDED,
    /** A component the earlier build had and this one does not. */
    INPUT_REMOVED,
    /** A hidden value (env, build arg) changed; the values are not shown. */
    VALUE_CHANGED,
    /** A shown text value (user, workdir, shell, network, mount, platform) changed. */
    TEXT_CHANGED,
    /** A content digest (base image, copied content) changed. */
    CONTENT_CHANGED,
    /** The same components in another order. */
    INPUT_ORDER
  }

  public MissReason {
    Objects.requireNonNull(kind, "kind");
    subject = oneLine(Objects.requireNonNull(subject, "subject"));
    detail = oneLine(Objects.requireNonNull(detail, "detail"));
  }

  @Override
  public String toString() {
    return subject.isEmpty() ? detail : subject + ": " + detail;
  }

  /**
   * {@code s} in double quotes with backslash, quote and control characters escaped, so any value
   * prints on one line and reads back unambiguously.
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String oneLine(String s) {
    if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
