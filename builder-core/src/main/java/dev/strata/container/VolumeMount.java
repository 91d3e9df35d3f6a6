package dev.strata.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.StrataException;
import dev.strata.volume.VolumeStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One mount of a container, from {@code -v}, {@code --mount} or an image VOLUME: a named volume, a
 * host directory or a fresh tmpfs at {@code target}.
 *
 * @param source the volume name or the absolute host path; null for a tmpfs
 * @param anonymous whether strata named the volume itself (removed with rm -v)
 * @param sizeBytes a tmpfs's size, 0 for the kernel's default
 * @param mode a tmpfs's permission bits, 0 for 01777
 */
public record VolumeMount(
    Type type,
    String source,
    String target,
    boolean readOnly,
    boolean anonymous,
    long sizeBytes,
    int mode) {
  /** What is mounted, with docker's names. */
  public enum Type {
    VOLUME,
    BIND,
    TMPFS;

    /** The name docker uses: {@code volume}, {@code bind}, {@code tmpfs}. */
    public String dockerName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A named volume or host directory. */
  public static VolumeMount of(Type type, String source, String target, boolean readOnly) {
    return new VolumeMount(type, source, target, readOnly, false, 0, 0);
  }

  /** An anonymous volume for the image's VOLUME {@code target}, removed with {@code rm -v}. */
  public static VolumeMount anonymous(String name, String target) {
    return anonymous(name, target, false);
  }

  /** An anonymous volume (an image VOLUME, or {@code --mount} without a source). */
  public static VolumeMount anonymous(String name, String target, boolean readOnly) {
    return new VolumeMount(Type.VOLUME, name, target, readOnly, true, 0, 0);
  }

  /**
   * Reads a mount from a container's record; records written before tmpfs mounts existed have a
   * boolean {@code volume} instead of {@code type}.
   */
  @JsonCreator
  static VolumeMount fromJson(
      @JsonProperty("type") Type type,
      @JsonProperty("volume") Boolean volume,
      @JsonProperty("source") String source,
      @JsonProperty("target") String target,
      @JsonProperty("readOnly") boolean readOnly,
      @JsonProperty("anonymous") boolean anonymous,
      @JsonProperty("sizeBytes") long sizeBytes,
      @JsonProperty("mode") int mode) {
    Type t = type != null ? type : Boolean.TRUE.equals(volume) ? Type.VOLUME : Type.BIND;
    return new VolumeMount(t, source, target, readOnly, anonymous, sizeBytes, mode);
  }

  /** Whether it is a named or anonymous volume. */
  @JsonIgnore
  public boolean volume() {
    return type == Type.VOLUME;
  }

  /** Parses {@code spec} as {@code -v} takes it. */
  public static VolumeMount parse(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new StrataException(
          "invalid volume \"" + spec + "\": use NAME:/path[:ro] or /host/dir:/path[:ro]");
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      if (!parts[2].equals("ro") && !parts[2].equals("rw")) {
        throw new StrataException(
            "invalid volume \"" + spec + "\": the mode must be ro or rw, not \"" + parts[2] + "\"");
      }
      readOnly = parts[2].equals("ro");
    }
    if (!parts[1].startsWith("/")) {
      throw new StrataException(
          "invalid volume \"" + spec + "\": the container path must be absolute");
    }
    boolean bind = parts[0].startsWith("/");
    if (!bind) {
      VolumeStore.checkName(parts[0]);
    } else if (!Files.isDirectory(Path.of(parts[0]))) {
      throw new StrataException(
          "invalid volume \"" + spec + "\": bind source " + parts[0] + " does not exist");
    }
    return of(bind ? Type.BIND : Type.VOLUME, parts[0], parts[1], readOnly);
  }
}
