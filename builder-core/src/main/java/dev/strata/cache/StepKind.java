package dev.strata.cache;

import java.util.Locale;

/**
 * The kind of instruction a step runs. Its name is part of every cache key, so renaming a constant
 * changes every key (the golden tests catch it).
 */
public enum StepKind {
  FROM,
  RUN,
  COPY,
  ADD,
  ENV,
  LABEL,
  USER,
  EXPOSE,
  CMD,
  ENTRYPOINT,
  VOLUME,
  SHELL,
  STOPSIGNAL,
  HEALTHCHECK,
  ONBUILD,
  ARG,
  WORKDIR,
  MAINTAINER;

  /** The kind of a Dockerfile keyword, in any case ({@code run}, {@code COPY}). */
  public static StepKind of(String keyword) {
    try {
      return valueOf(keyword.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Dockerfile instruction: " + keyword, e);
    }
  }
}
