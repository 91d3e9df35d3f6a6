package dev.strata.api;

import dev.strata.registry.DockerConfig;
import dev.strata.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to reach registries, as the command line gives it: an extra CA certificate to trust besides
 * the system's ({@code --tls-ca}), registries that may use plain HTTP besides loopback ones ({@code
 * --insecure-registry HOST:PORT}), and the directory of Docker's {@code config.json} (default
 * {@code $DOCKER_CONFIG}, else {@code ~/.docker}).
 */
public record RegistrySettings(
    Optional<Path> tlsCa, List<String> insecureRegistries, Optional<Path> dockerConfig) {
  public RegistrySettings {
    insecureRegistries = List.copyOf(insecureRegistries);
  }

  public static RegistrySettings defaults() {
    return new RegistrySettings(Optional.empty(), List.of(), Optional.empty());
  }

  RegistryOptions options() {
    RegistryOptions base = RegistryOptions.defaults().withInsecureRegistries(insecureRegistries);
    RegistryOptions withCa = tlsCa.map(base::withTlsCa).orElse(base);
    return dockerConfig.map(d -> withCa.withDockerConfig(new DockerConfig(d))).orElse(withCa);
  }
}
