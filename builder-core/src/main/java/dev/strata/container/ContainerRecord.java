package dev.strata.container;

import java.util.List;

/**
 * A container as kept in {@code containers/<id>/config.json}: its image, what it runs, which
 * storage driver holds its read-write layer and its last known state.
 *
 * @param image the image id ({@code sha256:...}) the container was created from
 * @param imageName the name the user gave for the image
 * @param layers the chain ids of the image's layers, kept from garbage collection
 * @param mounts the volumes and host directories mounted into it
 * @param created when it was created, ISO-8601 UTC
 * @param status {@code created}, {@code running} or {@code exited}
 * @param pid the host pid of the strata process attached to the container while running, else 0
 * @param processPid the host pid of the container's own process while running, else 0
 */
public record ContainerRecord(
    String id,
    String name,
    String image,
    String imageName,
    List<String> layers,
    String driver,
    String executor,
    String network,
    LaunchConfig launch,
    List<VolumeMount> mounts,
    String created,
    String status,
    int exitCode,
    long pid,
    long processPid) {
  public ContainerRecord {
    layers = List.copyOf(layers);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
  }

  /** This record in state {@code status}. */
  public ContainerRecord withState(String status, int exitCode, long pid, long processPid) {
    return new ContainerRecord(
        id,
        name,
        image,
        imageName,
        layers,
        driver,
        executor,
        network,
        launch,
        mounts,
        created,
        status,
        exitCode,
        pid,
        processPid);
  }

  /** Whether the process attached to this container is still alive. */
  public boolean running() {
    return "running".equals(status)
        && pid > 0
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The status as {@code ps} shows it: a container whose runner died is reported exited. */
  public String effectiveStatus() {
    return "running".equals(status) && !running() ? "exited" : status;
  }
}
