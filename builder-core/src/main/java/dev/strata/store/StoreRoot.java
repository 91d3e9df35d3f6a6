package dev.strata.store;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the store lives: {@code --root DIR}, else {@code STRATA_ROOT}, else {@code /var/lib/strata}
 * for root and {@code $XDG_DATA_HOME/strata} (default {@code ~/.local/share/strata}) for everyone
 * else, like Docker's and Podman's data roots.
 */
public final class StoreRoot {
  public static final Path SYSTEM = Path.of("/var/lib/strata");

  private StoreRoot() {}

  /**
   * Resolves the root from the command-line flag, the environment and whether the process runs as
   * root. Relative paths are taken against the working directory; a relative {@code XDG_DATA_HOME}
   * is ignored, as the XDG spec says.
   */
  public static Path resolve(Optional<Path> flag, Map<String, String> env, boolean isRoot) {
    if (flag.isPresent()) {
      return flag.get().toAbsolutePath().normalize();
    }
    String fromEnv = env.get("STRATA_ROOT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().normalize();
    }
    if (isRoot) {
      return SYSTEM;
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "strata").normalize();
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, ".local", "share", "strata").toAbsolutePath().normalize();
    }
    throw new StrataException(
        "cannot choose a store root: HOME is not set; pass --root or set STRATA_ROOT");
  }
}
