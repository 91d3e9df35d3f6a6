package dev.strata.api;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code --cache-from} or {@code --cache-to} value, as docker buildx writes them: {@code
 * type=registry,ref=REF[,mode=min|max]} or {@code type=local,src=DIR} / {@code
 * type=local,dest=DIR[,mode=min|max]}; a bare {@code REF} means {@code type=registry,ref=REF}.
 *
 * @param type {@code local} or {@code registry}
 * @param location the directory or the image reference
 * @param max whether to export every stage's steps ({@code mode=max}) rather than only the final
 *     image's ({@code mode=min}, the default)
 */
public record CacheSpec(String type, String location, boolean max) {
  public static final String LOCAL = "local";
  public static final String REGISTRY = "registry";

  /** Parses a {@code --cache-from} value. */
  public static CacheSpec from(String spec) {
    return parse("--cache-from", spec, "src");
  }

  /** Parses a {@code --cache-to} value. */
  public static CacheSpec to(String spec) {
    return parse("--cache-to", spec, "dest");
  }

  /** The directory of a {@code type=local} cache. */
  public Path directory() {
    return Path.of(location);
  }

  private static CacheSpec parse(String flag, String spec, String localKey) {
    if (!spec.contains("=")) {
      if (spec.isBlank()) {
        throw new StrataException(flag + ": empty value");
      }
      return new CacheSpec(REGISTRY, spec, false);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw new StrataException(
            flag + " " + spec + ": expected KEY=VALUE, got \"" + field + "\"");
      }
      if (fields.put(field.substring(0, eq), field.substring(eq + 1)) != null) {
        throw new StrataException(
            flag + " " + spec + ": \"" + field.substring(0, eq) + "\" given twice");
      }
    }
    String type = Optional.ofNullable(fields.remove("type")).orElse(REGISTRY);
    String locationKey =
        switch (type) {
          case LOCAL -> localKey;
          case REGISTRY -> "ref";
          default ->
              throw new StrataException(
                  flag + " " + spec + ": type must be local or registry, not \"" + type + "\"");
        };
    String location = fields.remove(locationKey);
    if (location == null || location.isEmpty()) {
      throw new StrataException(flag + " " + spec + ": " + locationKey + "= is required");
    }
    boolean max = false;
    String mode = fields.remove("mode");
    if (mode != null) {
      if (localKey.equals("src")) {
        throw new StrataException(flag + " " + spec + ": mode is a --cache-to option");
      }
      max =
          switch (mode) {
            case "min" -> false;
            case "max" -> true;
            default ->
                throw new StrataException(
                    flag + " " + spec + ": mode must be min or max, not \"" + mode + "\"");
          };
    }
    if (!fields.isEmpty()) {
      throw new StrataException(
          flag + " " + spec + ": unknown field \"" + fields.keySet().iterator().next() + "\"");
    }
    return new CacheSpec(type, location, max);
  }
}
