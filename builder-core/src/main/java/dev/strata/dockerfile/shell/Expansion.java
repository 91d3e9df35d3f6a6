package dev.strata.dockerfile.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The result of expanding one word, with the variables it referenced: {@code matched} holds the
 * names that were set (even if empty), {@code unmatched} the names that were unset. A linter uses
 * {@code unmatched} to warn about undefined variables.
 *
 * @param result the expanded word with quotes removed
 * @param matched names referenced and set, in the order first looked up
 * @param unmatched names referenced and unset, in the order first looked up
 */
public record Expansion(String result, Set<String> matched, Set<String> unmatched) {
  public Expansion {
    matched = Collections.unmodifiableSet(new LinkedHashSet<>(matched));
    unmatched = Collections.unmodifiableSet(new LinkedHashSet<>(unmatched));
  }
}
