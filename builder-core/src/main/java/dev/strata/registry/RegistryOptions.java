package dev.strata.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How strata reaches registries: where credentials live, an extra CA to trust besides the system's
 * ({@code --tls-ca}), the registries that may be spoken to over plain HTTP besides loopback ones
 * ({@code --insecure-registry HOST:PORT}), how many blobs move at once, the size above which a blob
 * is uploaded in chunks (and the chunk size), the retry policy, and how long a download may make no
 * progress before its connection is given up (and the download resumed).
 */
public record RegistryOptions(
    DockerConfig dockerConfig,
    Optional<Path> tlsCa,
    List<String> insecureRegistries,
    int parallelism,
    long chunkSize,
    int attempts,
    Duration backoff,
    Duration stallTimeout) {
  public static final int PARALLELISM = 3;
  public static final long CHUNK_SIZE = 16L << 20;

  public RegistryOptions {
    insecureRegistries = List.copyOf(insecureRegistries);
    if (parallelism < 1 || chunkSize < 1 || attempts < 1) {
      throw new IllegalArgumentException("parallelism, chunk size and attempts must be positive");
    }
  }

  /** Docker's configuration from the environment, the system trust store, default policy. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(
        DockerConfig.fromEnvironment(),
        Optional.empty(),
        List.of(),
        PARALLELISM,
        CHUNK_SIZE,
        5,
        Duration.ofMillis(250),
        Duration.ofSeconds(60));
  }

  public RegistryOptions withDockerConfig(DockerConfig c) {
    return new RegistryOptions(
        c, tlsCa, insecureRegistries, parallelism, chunkSize, attempts, backoff, stallTimeout);
  }

  public RegistryOptions withTlsCa(Path ca) {
    return new RegistryOptions(
        dockerConfig,
        Optional.ofNullable(ca),
        insecureRegistries,
        parallelism,
        chunkSize,
        attempts,
        backoff,
        stallTimeout);
  }

  public RegistryOptions withInsecureRegistries(List<String> hosts) {
    return new RegistryOptions(
        dockerConfig, tlsCa, hosts, parallelism, chunkSize, attempts, backoff, stallTimeout);
  }

  public RegistryOptions withChunkSize(long size) {
    return new RegistryOptions(
        dockerConfig,
        tlsCa,
        insecureRegistries,
        parallelism,
        size,
        attempts,
        backoff,
        stallTimeout);
  }

  public RegistryOptions withBackoff(Duration d) {
    return new RegistryOptions(
        dockerConfig, tlsCa, insecureRegistries, parallelism, chunkSize, attempts, d, stallTimeout);
  }

  public RegistryOptions withStallTimeout(Duration d) {
    return new RegistryOptions(
        dockerConfig, tlsCa, insecureRegistries, parallelism, chunkSize, attempts, backoff, d);
  }
}
