package dev.strata.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Provides the storage behind named volumes, like a docker volume plugin or a Kubernetes CSI
 * driver: it creates a volume's data somewhere, tells where a container should mount it from, and
 * deletes it. Implementations are found with {@link java.util.ServiceLoader}; {@code local} keeps
 * the data in the store.
 */
public interface VolumeDriver {
  /** The name users give with {@code --driver}. */
  String name();

  /**
   * Creates the volume's storage; {@code home} is the volume's own directory in the store (for the
   * driver's state), {@code options} the driver options. Returns the host path to mount.
   */
  Path create(Path home, Map<String, String> options) throws IOException;

  /** The host path to bind-mount for the volume kept in {@code home}. */
  Path mountpoint(Path home);

  /** Deletes the volume's storage. */
  void remove(Path home) throws IOException;
}
