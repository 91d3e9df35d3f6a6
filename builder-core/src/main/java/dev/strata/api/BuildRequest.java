package dev.strata.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A build, as {@code strata build} takes it.
 *
 * @param plan the Dockerfile, context, build args, target and platform
 * @param tags names to give the image ({@code -t}), normalized as docker does
 * @param noCache run every step
 * @param noCacheStages run every step of these stages
 * @param compression {@code gzip}, {@code zstd} or {@code none}
 * @param storageDriver {@code overlay}, {@code vfs}, or empty to choose
 * @param executor {@code runc} or {@code chroot}, or empty for runc
 * @param network {@code default} (the host's), {@code host} or {@code none}
 * @param secrets {@code --secret} values ({@code id=ID,src=FILE} or {@code id=ID,env=VAR})
 * @param sourceDateEpoch when set, every created time and layer mtime is clamped to it
 * @param environment where {@code env=} secrets are read from (strata's own environment)
 * @param cacheFrom {@code --cache-from} values ({@link CacheSpec})
 * @param cacheTo {@code --cache-to} values ({@link CacheSpec})
 */
public record BuildRequest(
    PlanRequest plan,
    List<String> tags,
    boolean noCache,
    Set<String> noCacheStages,
    String compression,
    Optional<String> storageDriver,
    Optional<String> executor,
    String network,
    List<String> secrets,
    Optional<Instant> sourceDateEpoch,
    Map<String, String> environment,
    List<String> cacheFrom,
    List<String> cacheTo) {
  public BuildRequest {
    Objects.requireNonNull(plan, "plan");
    tags = List.copyOf(tags);
    noCacheStages = Set.copyOf(noCacheStages);
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(storageDriver, "storageDriver");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(network, "network");
    secrets = List.copyOf(secrets);
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    environment = Map.copyOf(environment);
    cacheFrom = List.copyOf(cacheFrom);
    cacheTo = List.copyOf(cacheTo);
  }

  /** A build of {@code plan} with docker build's defaults. */
  public static BuildRequest of(PlanRequest plan, String... tags) {
    return new BuildRequest(
        plan,
        List.of(tags),
        false,
        Set.of(),
        "gzip",
        Optional.empty(),
        Optional.empty(),
        "default",
        List.of(),
        Optional.empty(),
        Map.of(),
        List.of(),
        List.of());
  }

  public BuildRequest withNoCache(boolean value) {
    return new BuildRequest(
        plan,
        tags,
        value,
        noCacheStages,
        compression,
        storageDriver,
        executor,
        network,
        secrets,
        sourceDateEpoch,
        environment,
        cacheFrom,
        cacheTo);
  }

  public BuildRequest withStorageDriver(String name) {
    return new BuildRequest(
        plan,
        tags,
        noCache,
        noCacheStages,
        compression,
        Optional.of(name),
        executor,
        network,
        secrets,
        sourceDateEpoch,
        environment,
        cacheFrom,
        cacheTo);
  }

  public BuildRequest withSourceDateEpoch(Instant epoch) {
    return new BuildRequest(
        plan,
        tags,
        noCache,
        noCacheStages,
        compression,
        storageDriver,
        executor,
        network,
        secrets,
        Optional.of(epoch),
        environment,
        cacheFrom,
        cacheTo);
  }

  public BuildRequest withSecrets(List<String> specs, Map<String, String> env) {
    return new BuildRequest(
        plan,
        tags,
        noCache,
        noCacheStages,
        compression,
        storageDriver,
        executor,
        network,
        specs,
        sourceDateEpoch,
        env,
        cacheFrom,
        cacheTo);
  }

  /** The same build importing cache from {@code from} and exporting it to {@code to}. */
  public BuildRequest withCache(List<String> from, List<String> to) {
    return new BuildRequest(
        plan,
        tags,
        noCache,
        noCacheStages,
        compression,
        storageDriver,
        executor,
        network,
        secrets,
        sourceDateEpoch,
        environment,
        from,
        to);
  }
}
