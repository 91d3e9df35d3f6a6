package dev.strata.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@code strata run} asks for. Empty optionals take the image's value (or strata's default:
 * overlay where it works, runc, host network). {@code volumes} are {@code -v} values: {@code
 * NAME:/path[:ro]} or {@code /host/dir:/path[:ro]}; {@code mounts} are {@code --mount} values in
 * docker's syntax ({@code type=volume|bind|tmpfs,source=..,target=..[,readonly]}); {@code envFiles}
 * are read in order before {@code env}, so that {@code -e} wins; {@code readOnly} mounts the root
 * file system read-only (volumes and tmpfs mounts stay writable).
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
    List<String> volumes,
    List<String> mounts,
    List<String> envFiles,
    boolean readOnly) {
  public RunRequest {
    volumes = List.copyOf(volumes);
    command = List.copyOf(command);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
    envFiles = List.copyOf(envFiles);
  }

  /** A request without {@code --mount}, {@code --env-file} or {@code --read-only}. */
  public RunRequest(
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
    this(
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
        volumes,
        List.of(),
        List.of(),
        false);
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
        List.of(v),
        mounts,
        envFiles,
        readOnly);
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
        volumes,
        mounts,
        envFiles,
        readOnly);
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
        volumes,
        mounts,
        envFiles,
        readOnly);
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
        volumes,
        mounts,
        envFiles,
        readOnly);
  }

  public RunRequest withEnv(String... e) {
    return new RunRequest(
        image,
        command,
        name,
        List.of(e),
        workdir,
        user,
        entrypoint,
        network,
        storageDriver,
        executor,
        remove,
        volumes,
        mounts,
        envFiles,
        readOnly);
  }

  public RunRequest withMounts(String... m) {
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
        volumes,
        List.of(m),
        envFiles,
        readOnly);
  }

  public RunRequest withEnvFiles(String... f) {
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
        volumes,
        mounts,
        List.of(f),
        readOnly);
  }

  public RunRequest withReadOnly(boolean r) {
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
        volumes,
        mounts,
        envFiles,
        r);
  }
}
