package dev.strata.container;

import dev.strata.StrataException;
import dev.strata.volume.VolumeStore;

/**
 * One {@code -v} of {@code strata run}: a named volume ({@code NAME:/path[:ro]}) or a host
 * directory ({@code /host/dir:/path[:ro]}) mounted at {@code target}.
 *
 * @param volume true for a named volume, false for a host directory
 * @param source the volume name or the absolute host path
 * @param anonymous whether strata made the volume for an image VOLUME (removed with rm -v)
 */
public record VolumeMount(
    boolean volume, String source, String target, boolean readOnly, boolean anonymous) {
  /** An anonymous volume for the image's VOLUME {@code target}, removed with {@code rm -v}. */
  public static VolumeMount anonymous(String name, String target) {
    return new VolumeMount(true, name, target, false, true);
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
    }
    return new VolumeMount(!bind, parts[0], parts[1], readOnly, false);
  }
}
