package dev.strata.solver;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets a build may mount ({@code --secret id=ID,src=FILE} or {@code id=ID,env=VAR}). Values
 * are read when a step mounts them, never kept in the plan, the cache key or any layer.
 */
public final class Secrets {
  /** Where one secret comes from: a file or an environment variable of strata's process. */
  public sealed interface Source {
    /** A host file. */
    record File(Path path) implements Source {}

    /** An environment variable, read from {@code environment} when needed. */
    record Env(String variable) implements Source {}
  }

  private final Map<String, Source> sources;
  private final Map<String, String> environment;

  /**
   * @param sources by secret id
   * @param environment the environment {@link Source.Env} secrets read from
   */
  public Secrets(Map<String, Source> sources, Map<String, String> environment) {
    this.sources = Map.copyOf(new LinkedHashMap<>(sources));
    this.environment = Map.copyOf(environment);
  }

  public static Secrets none() {
    return new Secrets(Map.of(), Map.of());
  }

  /**
   * Parses a {@code --secret} value: {@code id=ID[,src=FILE|,source=FILE|,env=VAR]}; with neither
   * src nor env, an environment variable named like the id, as docker does.
   */
  public static Map.Entry<String, Source> parse(String spec) {
    String id = null;
    Source source = null;
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      String key = eq < 0 ? field : field.substring(0, eq);
      String value = eq < 0 ? "" : field.substring(eq + 1);
      switch (key) {
        case "id" -> id = value;
        case "src", "source" -> source = new Source.File(Path.of(value));
        case "env" -> source = new Source.Env(value);
        case "type" -> {
          if (!value.equals("file") && !value.equals("env")) {
            throw new StrataException("--secret " + spec + ": type must be file or env");
          }
        }
        default ->
            throw new StrataException("--secret " + spec + ": unknown field \"" + key + "\"");
      }
    }
    if (id == null || id.isEmpty()) {
      throw new StrataException("--secret " + spec + ": id=ID is required");
    }
    return Map.entry(id, source == null ? new Source.Env(id) : source);
  }

  /** The ids, for messages. */
  public java.util.Set<String> ids() {
    return sources.keySet();
  }

  /**
   * The value of secret {@code id}, or empty when the build was given no such secret.
   *
   * @throws StrataException when the secret was given but cannot be read
   */
  public Optional<byte[]> value(String id) {
    Source source = sources.get(id);
    if (source == null) {
      return Optional.empty();
    }
    if (source instanceof Source.Env env) {
      String value = environment.get(env.variable());
      if (value == null) {
        throw new StrataException(
            "secret " + id + ": environment variable " + env.variable() + " is not set");
      }
      return Optional.of(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path path = ((Source.File) source).path();
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new StrataException("secret " + id + ": cannot read " + path + ": " + e.getMessage());
    }
  }
}
