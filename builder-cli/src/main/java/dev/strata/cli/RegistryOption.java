package dev.strata.cli;

import dev.strata.api.RegistrySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of commands that reach registries: TLS trust, plain-HTTP hosts, credentials file. */
final class RegistryOption {
  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description = "Also trust the CA certificates in this PEM file (besides the system's).")
  Path tlsCa;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST:PORT",
      description =
          "Allow plain HTTP to this registry (loopback registries are always allowed). Repeatable.")
  List<String> insecure = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "DIR",
      description = "Directory of Docker's config.json (default: $DOCKER_CONFIG, else ~/.docker).")
  Path config;

  RegistrySettings settings() {
    return new RegistrySettings(Optional.ofNullable(tlsCa), insecure, Optional.ofNullable(config));
  }
}
