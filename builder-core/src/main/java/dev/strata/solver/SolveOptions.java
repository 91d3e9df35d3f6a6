package dev.strata.solver;

import dev.strata.cache.CacheRemote;
import dev.strata.driver.StorageDriver;
import dev.strata.exec.Executor;
import dev.strata.exec.NetworkMode;
import dev.strata.layer.Compression;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to build.
 *
 * @param driver the storage driver for step snapshots
 * @param executor runs RUN steps
 * @param compression of the layers written
 * @param noCache run every step ({@code --no-cache})
 * @param noCacheStages run every step of these stages ({@code --no-cache-filter}), by name or index
 * @param network the network RUN steps get unless they say otherwise
 * @param secrets what {@code --mount=type=secret} can mount
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH}: clamps layer mtimes and sets every created time
 * @param parallelism how many stages may run at once
 * @param cacheFrom exported caches to take hits from when the local index misses ({@code
 *     --cache-from}), in order
 */
public record SolveOptions(
    StorageDriver driver,
    Executor executor,
    Compression compression,
    boolean noCache,
    Set<String> noCacheStages,
    NetworkMode network,
    Secrets secrets,
    Optional<Instant> sourceDateEpoch,
    int parallelism,
    List<CacheRemote> cacheFrom) {
  public SolveOptions {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(compression, "compression");
    noCacheStages = Set.copyOf(noCacheStages);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    cacheFrom = List.copyOf(cacheFrom);
  }
}
