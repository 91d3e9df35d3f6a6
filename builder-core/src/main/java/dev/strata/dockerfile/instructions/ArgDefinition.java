package dev.strata.dockerfile.instructions;

import java.util.Objects;
import java.util.Optional;

/**
 * One build argument declared by ARG, unexpanded.
 *
 * @param name the name as written
 * @param defaultValue the default as written ({@code ARG a=} gives an empty default, {@code ARG a}
 *     none)
 */
public record ArgDefinition(String name, Optional<String> defaultValue) {
  public ArgDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
  }
}
