package dev.strata.container;

import dev.strata.StrataException;
import dev.strata.dockerfile.instructions.MemorySize;
import dev.strata.volume.VolumeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One {@code --mount} of {@code strata run} in docker's syntax: comma-separated {@code key=value}
 * fields {@code type=volume|bind|tmpfs} (volume when absent), {@code source}/{@code src}, {@code
 * target}/{@code destination}/{@code dst}, {@code readonly}/{@code ro} (alone or {@code
 * =true|false|1|0}), and for tmpfs {@code tmpfs-size} (bytes or 64m) and {@code tmpfs-mode}
 * (octal). A volume without a source is a new anonymous volume.
 */
public final class MountFlag {
  private MountFlag() {}

  /** Parses {@code spec}; {@code anonymousName} names a volume when the spec gives none. */
  public static VolumeMount parse(String spec, String anonymousName) {
    String type = "volume";
    String source = null;
    String target = null;
    boolean readOnly = false;
    long size = 0;
    int mode = 0;
    for (String field : spec.split(",", -1)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : field.substring(eq + 1);
      switch (key) {
        case "type" -> type = required(spec, key, value);
        case "source", "src" -> source = required(spec, key, value);
        case "target", "destination", "dst" -> target = required(spec, key, value);
        case "readonly", "ro" -> readOnly = bool(spec, key, value);
        case "tmpfs-size" -> size = size(spec, required(spec, key, value));
        case "tmpfs-mode" -> mode = mode(spec, required(spec, key, value));
        default ->
            throw invalid(
                spec,
                "unknown key \""
                    + key
                    + "\": use type, source (src), target (dst, destination), readonly (ro),"
                    + " tmpfs-size or tmpfs-mode");
      }
    }
    if (target == null || target.isEmpty()) {
      throw invalid(spec, "target is required");
    }
    if (!target.startsWith("/")) {
      throw invalid(spec, "the target must be an absolute path");
    }
    if ((size != 0 || mode != 0) && !type.equals("tmpfs")) {
      throw invalid(spec, "tmpfs-size and tmpfs-mode are only for type=tmpfs");
    }
    return switch (type) {
      case "volume" -> volume(spec, source, target, readOnly, anonymousName);
      case "bind" -> bind(spec, source, target, readOnly);
      case "tmpfs" -> {
        if (source != null) {
          throw invalid(spec, "a tmpfs has no source");
        }
        if (readOnly) {
          throw invalid(spec, "a tmpfs cannot be read-only here: leave out readonly");
        }
        yield new VolumeMount(VolumeMount.Type.TMPFS, null, target, readOnly, false, size, mode);
      }
      default -> throw invalid(spec, "unknown type \"" + type + "\": use volume, bind or tmpfs");
    };
  }

  private static VolumeMount volume(
      String spec, String source, String target, boolean readOnly, String anonymousName) {
    if (source == null) {
      return VolumeMount.anonymous(anonymousName, target, readOnly);
    }
    try {
      VolumeStore.checkName(source);
    } catch (StrataException e) {
      throw invalid(spec, e.getMessage());
    }
    return VolumeMount.of(VolumeMount.Type.VOLUME, source, target, readOnly);
  }

  private static VolumeMount bind(String spec, String source, String target, boolean readOnly) {
    if (source == null) {
      throw invalid(spec, "source is required for type=bind");
    }
    if (!source.startsWith("/")) {
      throw invalid(spec, "the bind source must be an absolute path");
    }
    if (!Files.exists(Path.of(source))) {
      throw invalid(spec, "bind source " + source + " does not exist");
    }
    return VolumeMount.of(VolumeMount.Type.BIND, source, target, readOnly);
  }

  private static String required(String spec, String key, String value) {
    if (value == null || value.isEmpty()) {
      throw invalid(spec, key + " needs a value");
    }
    return value;
  }

  private static boolean bool(String spec, String key, String value) {
    if (value == null) {
      return true;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw invalid(spec, key + " must be true or false, not \"" + value + "\"");
    };
  }

  private static long size(String spec, String value) {
    try {
      return MemorySize.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, "tmpfs-size \"" + value + "\" is not a size");
    }
  }

  private static int mode(String spec, String value) {
    try {
      int mode = Integer.parseInt(value, 8);
      if ((mode & ~07777) == 0) {
        return mode;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(spec, "tmpfs-mode \"" + value + "\" is not an octal mode");
  }

  private static StrataException invalid(String spec, String why) {
    return new StrataException("invalid --mount \"" + spec + "\": " + why);
  }
}
