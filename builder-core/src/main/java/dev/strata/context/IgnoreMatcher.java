package dev.strata.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of {@code .dockerignore} patterns, with the entry points of moby/patternmatcher.
 *
 * <p>Patterns are evaluated in order and the last one that matches decides: a plain pattern
 * excludes, an exception ({@code !pattern}) re-includes. A pattern that cannot change the current
 * answer is not evaluated at all (so a broken pattern only fails when it is reached), exactly as
 * upstream. Paths are slash-separated and relative to the context root. Instances are immutable and
 * safe to share between threads.
 */
public final class IgnoreMatcher {
  /** Matches nothing. */
  public static final IgnoreMatcher EMPTY = new IgnoreMatcher(List.of());

  private final List<IgnorePattern> patterns;
  private final boolean hasExceptions;

  private IgnoreMatcher(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
    this.hasExceptions = patterns.stream().anyMatch(IgnorePattern::isException);
  }

  /**
   * Builds a matcher from raw patterns (as in patternmatcher's {@code New}): each is trimmed, empty
   * ones are dropped, the rest are cleaned like paths; a leading {@code !} marks an exception. A
   * lone {@code !} or a pattern that fails Go's {@code filepath.Match} syntax check is an {@link
   * IgnorePatternException} naming the pattern.
   */
  public static IgnoreMatcher of(List<String> rawPatterns) {
    List<IgnorePattern> compiled = new ArrayList<>();
    for (String raw : rawPatterns) {
      String p = SlashPath.trimGoSpace(raw);
      if (p.isEmpty()) {
        continue;
      }
      p = SlashPath.clean(p);
      boolean exception = false;
      if (p.charAt(0) == '!') {
        if (p.length() == 1) {
          throw new IgnorePatternException(
              raw,
              "invalid .dockerignore pattern "
                  + IgnorePattern.quote(raw)
                  + ": an exception needs a pattern after \"!\"");
        }
        exception = true;
        p = p.substring(1);
      }
      if (!GlobSyntax.isValid(p)) {
        throw new IgnorePatternException(
            raw,
            "invalid .dockerignore pattern "
                + IgnorePattern.quote(raw)
                + ": syntax error in pattern");
      }
      compiled.add(new IgnorePattern(raw, p, exception));
    }
    return new IgnoreMatcher(compiled);
  }

  public List<IgnorePattern> patterns() {
    return patterns;
  }

  /** Whether any pattern is an exception ({@code !pattern}). */
  public boolean hasExceptions() {
    return hasExceptions;
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /**
   * Whether {@code path} is excluded, counting a pattern as matching when it matches the path or
   * any of its parent directories ({@code docs} excludes {@code docs/README.md}). The path is used
   * as given. This is the rule to use for a single path.
   */
  public boolean matchesOrParentMatches(String path) {
    String parent = SlashPath.dir(path);
    String[] parentDirs = parent.split("/", -1);
    boolean matched = false;
    for (IgnorePattern pattern : patterns) {
      if (pattern.isException() != matched) {
        continue;
      }
      boolean match = pattern.matches(path);
      if (!match && !parent.equals(".")) {
        for (int i = 1; i <= parentDirs.length && !match; i++) {
          match = pattern.matchesQuietly(join(parentDirs, i));
        }
      }
      if (match) {
        matched = !pattern.isException();
      }
    }
    return matched;
  }

  /**
   * The incremental form of {@link #matchesOrParentMatches} for a walk from the root down: {@code
   * parent} is what this method returned for the path's directory (or {@link ParentMatches#NONE}
   * when unknown, which falls back to checking every parent). The result carries the per-pattern
   * state to pass on to the path's children.
   */
  public Match matchesUsingParentResults(String path, ParentMatches parent) {
    boolean[] parentMatched = parent.matched;
    boolean known = parentMatched.length != 0;
    if (known && parentMatched.length != patterns.size()) {
      throw new IllegalArgumentException(
          "parent results are for " + parentMatched.length + " patterns, not " + patterns.size());
    }
    boolean[] matchedHere = new boolean[patterns.size()];
    boolean matched = false;
    for (int i = 0; i < patterns.size(); i++) {
      IgnorePattern pattern = patterns.get(i);
      boolean match = known && parentMatched[i];
      if (!match) {
        if (pattern.isException() != matched) {
          continue;
        }
        match = pattern.matches(path);
        if (!match && !known) {
          String parentPath = SlashPath.dir(path);
          if (!parentPath.equals(".")) {
            String[] parentDirs = parentPath.split("/", -1);
            for (int j = 1; j <= parentDirs.length && !match; j++) {
              match = pattern.matchesQuietly(join(parentDirs, j));
            }
          }
        }
      }
      matchedHere[i] = match;
      if (match) {
        matched = !pattern.isException();
      }
    }
    return new Match(matched, new ParentMatches(matchedHere));
  }

  /**
   * The older incremental form that carries a single boolean from the parent. Upstream deprecated
   * it because an exception for a directory cannot re-include its children this way (buildx#850);
   * it is kept to check conformance.
   */
  public boolean matchesUsingParentResult(String path, boolean parentMatched) {
    boolean matched = parentMatched;
    for (IgnorePattern pattern : patterns) {
      if (pattern.isException() != matched) {
        continue;
      }
      if (pattern.matches(path)) {
        matched = !pattern.isException();
      }
    }
    return matched;
  }

  /**
   * The deprecated patternmatcher {@code Matches}: besides the path itself, only the parent prefix
   * with as many elements as the pattern is tried. Kept for conformance; walkers must not use it.
   */
  public boolean matchesSingleParent(String path) {
    String parent = SlashPath.dir(path);
    String[] parentDirs = parent.split("/", -1);
    boolean matched = false;
    for (IgnorePattern pattern : patterns) {
      if (pattern.isException() != matched) {
        continue;
      }
      boolean match = pattern.matches(path);
      if (!match && !parent.equals(".") && pattern.depth() <= parentDirs.length) {
        match = pattern.matchesQuietly(join(parentDirs, pattern.depth()));
      }
      if (match) {
        matched = !pattern.isException();
      }
    }
    return matched;
  }

  /**
   * The deprecated top-level patternmatcher {@code Matches(file, patterns)}: builds the matcher,
   * cleans the path, never matches the root itself, then {@link #matchesSingleParent}.
   */
  public static boolean matches(String path, List<String> patterns) {
    IgnoreMatcher matcher = of(patterns);
    String cleaned = SlashPath.clean(path);
    return !cleaned.equals(".") && matcher.matchesSingleParent(cleaned);
  }

  private static String join(String[] parts, int count) {
    return String.join("/", Arrays.asList(parts).subList(0, count));
  }

  /** The answer for one path and the per-pattern state its children need. */
  public record Match(boolean excluded, ParentMatches parentMatches) {}

  /** Which patterns matched a directory (or one of its parents); opaque to callers. */
  public static final class ParentMatches {
    /** No information: the path's parents are checked directly. */
    public static final ParentMatches NONE = new ParentMatches(new boolean[0]);

    private final boolean[] matched;

    private ParentMatches(boolean[] matched) {
      this.matched = matched;
    }
  }
}
