package dev.strata.dockerfile.instructions;

import java.util.Objects;

/**
 * One ENV variable or LABEL, unexpanded and still quoted as written ({@code ENV a="x y"} gives the
 * value {@code "x y"} with its quotes; the planner's shell lexer removes them).
 *
 * @param key the name as written
 * @param value the value as written
 * @param legacyForm true for the {@code ENV name value} form without {@code =}
 */
public record KeyValue(String key, String value, boolean legacyForm) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
