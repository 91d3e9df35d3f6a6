package dev.strata.dockerfile.shell;

import java.util.Map;
import java.util.Optional;

/**
 * The variables a word is expanded against. Names are case-sensitive (Unix semantics); a variable
 * that is set may have an empty value, which is different from being unset for operators like
 * {@code ${VAR-word}}. Which variables are in scope, and which definition wins, is the caller's
 * business.
 */
@FunctionalInterface
public interface Environment {

  /** The value of {@code name}, or empty if it is unset. */
  Optional<String> get(String name);

  /** An environment holding a copy of {@code variables} (name to value; values may be empty). */
  static Environment of(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return name -> Optional.ofNullable(copy.get(name));
  }

  /** An environment in which every variable is unset. */
  static Environment empty() {
    return name -> Optional.empty();
  }
}
