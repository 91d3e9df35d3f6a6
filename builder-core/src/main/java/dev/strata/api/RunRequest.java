package dev.strata.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@code strata run} asks for. Empty optionals take the image's value (or strata's default:
 * overlay where it works, runc, host network). {@code volumes} are {@code -v} values: {@code
 * NAME:/path[:ro]} or {@code /host/dir:/path[:ro]}.
 */
public record RunRequest(
    String image,
    List<String> command,
    Optional<String> name,
    List<String> env,
    Optional<String> workdir,
    Optional<String> user,
    Optional<String> entrypoint,
    Optional<String> network,
    Optional<String> storageDriver,
    Optional<String> executor,
    boolean remove,
    List<String> volumes) {
  public RunRequest {
    volumes = List.copyOf(volumes);
    command = List.copyOf(command);
    env = List.copyOf(env);
  }

  /** Runs {@code image} with its own command and everything else defaulted. */
  public static RunRequest of(String image, String... command) {
    return new RunRequest(
        image,
        List.of(command),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        List.of());
  }

  public RunRequest withVolumes(String... v) {
    return new RunRequest(
        image,
        command,
        name,
        env,
        workdir,
        user,
        entrypoint,
        network,
        storageDriver,
        executor,
        remove,
        List.of(v));
  }

  public RunRequest withName(String n) {
    return new RunRequest(
        image,
        command,
        Optional.of(n),
        env,
        workdir,
        user,
        entrypoint,
        network,
        storageDriver,
        executor,
        remove,
        volumes);
  }

  public RunRequest withStorageDriver(String d) {
    return new RunRequest(
        image,
        command,
        name,
        env,
        workdir,
        user,
        entrypoint,
        network,
        Optional.of(d),
        executor,
        remove,
        volumes);
  }

  public RunRequest withRemove(boolean r) {
    return new RunRequest(
        image,
        command,
        name,
        env,
        workdir,
        user,
        entrypoint,
        network,
        storageDriver,
        executor,
        r,
        volumes);
  }
}
