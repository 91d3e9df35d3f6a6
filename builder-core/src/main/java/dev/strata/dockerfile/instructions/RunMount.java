package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.DidYouMean;
import dev.strata.dockerfile.DockerfileSyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One {@code RUN --mount=...} flag as written, its values not yet expanded. Constructing it checks
 * the structure: the comma-separated fields, that every key is known, that bare keys are only
 * {@code ro}, {@code rw} and {@code required}, and that {@code from} holds no variable; a value
 * without any {@code $} is validated completely right away. {@link #resolve} expands the values and
 * gives the typed {@link Mount}.
 *
 * <p>Unlike BuildKit, which reads the fields in order, the type is found first so that {@code
 * size=64m,type=tmpfs} is as valid as {@code type=tmpfs,size=64m}.
 *
 * @param spec the flag's value, e.g. {@code type=cache,target=/root/.cache}
 * @param fileName the Dockerfile it was written in, for errors
 * @param line the line of the RUN instruction, for errors
 */
public record RunMount(String spec, String fileName, int line) {
  private static final List<String> KEYS =
      List.of(
          "type",
          "from",
          "source",
          "target",
          "readonly",
          "id",
          "sharing",
          "required",
          "size",
          "mode",
          "uid",
          "gid",
          "src",
          "dst",
          "destination",
          "ro",
          "rw",
          "readwrite",
          "env");
  private static final Set<String> BARE_KEYS =
      Set.of("ro", "readonly", "rw", "readwrite", "required");
  private static final List<String> TYPES =
      Arrays.stream(MountType.values()).map(MountType::value).toList();
  private static final List<String> SHARINGS =
      Arrays.stream(MountSharing.values()).map(MountSharing::value).toList();

  public RunMount {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(fileName, "fileName");
    for (String field : fields(spec, fileName, line)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (eq < 0) {
        if (!BARE_KEYS.contains(key)) {
          throw error(fileName, line, "invalid field '" + field + "' must be a key=value pair");
        }
      } else if (!KEYS.contains(key)) {
        throw error(
            fileName,
            line,
            "unexpected key '" + key + "' in '" + field + "'" + DidYouMean.suffix(key, KEYS, true));
      } else if (key.equals("from")) {
        int dollar = field.indexOf('$', eq + 1);
        if (dollar >= 0 && dollar != field.length() - 1) {
          throw error(
              fileName,
              line,
              "'from' doesn't support variable expansion, define alias stage instead");
        }
      }
    }
    if (spec.indexOf('$') < 0) {
      resolve(spec, fileName, line, UnaryOperator.identity());
    }
  }

  /**
   * The mount with every value expanded by {@code expander} (the planner's word expansion) and
   * validated as Docker does.
   *
   * @throws DockerfileSyntaxException naming this mount's file and line when a value is invalid
   */
  public Mount resolve(UnaryOperator<String> expander) {
    return resolve(spec, fileName, line, expander);
  }

  private static List<String> fields(String spec, String fileName, int line) {
    try {
      return MountFields.split(spec);
    } catch (IllegalArgumentException e) {
      throw error(fileName, line, "failed to parse csv mounts: " + e.getMessage());
    }
  }

  private static DockerfileSyntaxException error(String fileName, int line, String detail) {
    return new DockerfileSyntaxException(fileName, line, detail);
  }

  private static Mount resolve(
      String spec, String fileName, int line, UnaryOperator<String> expander) {
    List<String> fields = fields(spec, fileName, line);
    MountType type = MountType.BIND;
    for (String field : fields) {
      int eq = field.indexOf('=');
      if (eq >= 0 && field.substring(0, eq).equalsIgnoreCase("type")) {
        String value = expander.apply(field.substring(eq + 1));
        type =
            Arrays.stream(MountType.values())
                .filter(t -> t.value().equals(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(
                    () ->
                        error(
                            fileName,
                            line,
                            "unsupported mount type \""
                                + value
                                + "\""
                                + DidYouMean.suffix(value, TYPES, true)));
      }
    }
    boolean fileInfoAllowed =
        type == MountType.SECRET || type == MountType.SSH || type == MountType.CACHE;
    boolean secretOrSsh = type == MountType.SECRET || type == MountType.SSH;

    String from = "";
    String source = "";
    String target = "";
    String id = "";
    Boolean readOnly = null;
    boolean required = false;
    MountSharing sharing = null;
    OptionalLong size = OptionalLong.empty();
    OptionalLong mode = OptionalLong.empty();
    OptionalLong uid = OptionalLong.empty();
    OptionalLong gid = OptionalLong.empty();
    Optional<String> env = Optional.empty();

    for (String field : fields) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (eq < 0) {
        switch (key) {
          case "ro", "readonly" -> readOnly = true;
          case "rw", "readwrite" -> readOnly = false;
          default -> {
            if (!secretOrSsh) {
              throw unexpected(fileName, line, key, type);
            }
            required = true;
          }
        }
        continue;
      }
      String value = expander.apply(field.substring(eq + 1));
      switch (key) {
        case "type" -> {}
        case "from" -> from = value;
        case "source", "src" -> source = value;
        case "target", "dst", "destination" -> target = value;
        case "readonly", "ro" -> readOnly = bool(fileName, line, key, value);
        case "readwrite", "rw" -> readOnly = !bool(fileName, line, key, value);
        case "required" -> {
          if (!secretOrSsh) {
            throw unexpected(fileName, line, key, type);
          }
          required = bool(fileName, line, key, value);
        }
        case "size" -> {
          if (type != MountType.TMPFS) {
            throw unexpected(fileName, line, key, type);
          }
          try {
            size = OptionalLong.of(MemorySize.parse(value));
          } catch (IllegalArgumentException e) {
            throw error(fileName, line, "invalid value for size: " + value);
          }
        }
        case "id" -> id = value;
        case "sharing" -> {
          String lower = value.toLowerCase(Locale.ROOT);
          sharing =
              Arrays.stream(MountSharing.values())
                  .filter(s -> s.value().equals(lower))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          error(
                              fileName,
                              line,
                              "unsupported sharing value \""
                                  + value
                                  + "\""
                                  + DidYouMean.suffix(value, SHARINGS, true)));
        }
        case "mode" -> mode = OptionalLong.of(uint32(fileName, line, key, value, 8));
        case "uid" -> uid = OptionalLong.of(uint32(fileName, line, key, value, 10));
        case "gid" -> gid = OptionalLong.of(uint32(fileName, line, key, value, 10));
        case "env" -> env = Optional.of(value);
        default -> throw new IllegalStateException("unchecked mount key " + key);
      }
    }

    if (!fileInfoAllowed) {
      String given =
          mode.isPresent() ? "mode" : uid.isPresent() ? "uid" : gid.isPresent() ? "gid" : null;
      if (given != null) {
        throw error(
            fileName, line, given + " not allowed for \"" + type.value() + "\" type mounts");
      }
    }
    if (type == MountType.SECRET) {
      if (!from.isEmpty()) {
        throw error(fileName, line, "secret mount should not have a from");
      }
      if (sharing != null) {
        throw error(fileName, line, "secret mount should not define sharing");
      }
      if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
        throw error(fileName, line, "invalid secret mount. one of source, target required");
      }
      if (!source.isEmpty() && !id.isEmpty()) {
        throw error(fileName, line, "both source and id can't be set");
      }
    }
    if (sharing != null && type != MountType.CACHE) {
      throw error(fileName, line, "invalid cache sharing set for " + type.value() + " mount");
    }
    boolean ro = readOnly != null ? readOnly : type != MountType.CACHE && type != MountType.TMPFS;
    return new Mount(
        type,
        target,
        source,
        from,
        ro,
        id,
        Optional.ofNullable(sharing),
        required,
        size,
        mode,
        uid,
        gid,
        env);
  }

  private static DockerfileSyntaxException unexpected(
      String fileName, int line, String key, MountType type) {
    return error(
        fileName, line, "unexpected key '" + key + "' for mount type '" + type.value() + "'");
  }

  /** Go's {@code strconv.ParseBool}. */
  private static boolean bool(String fileName, int line, String key, String value) {
    switch (value) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw error(fileName, line, "invalid value for " + key + ": " + value);
    }
  }

  /** An unsigned 32-bit number in the radix, digits only, as Go's {@code strconv.ParseUint}. */
  private static long uint32(String fileName, int line, String key, String value, int radix) {
    boolean digitsOnly =
        !value.isEmpty() && value.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 0x80);
    if (digitsOnly) {
      try {
        long n = Long.parseLong(value, radix);
        if (n <= 0xFFFF_FFFFL) {
          return n;
        }
      } catch (NumberFormatException e) {
        // too long: reported below
      }
    }
    throw error(fileName, line, "invalid value " + value + " for " + key);
  }
}
