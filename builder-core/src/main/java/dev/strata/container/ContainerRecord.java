package dev.strata.container;

import java.util.List;

/**
 * A container as kept in {@code containers/<id>/config.json}: its image, what it runs, which
 * storage driver holds its read-write layer and its last known state.
 *
 * @param image the image id ({@code sha256:...}) the container was created from
 * @param imageName the name the user gave for the image
 * @param layers the chain ids of the image's layers, kept from garbage collection
 * @param mounts the volumes, host directories and tmpfs mounted into it
 * @param created when it was created, ISO-8601 UTC
 * @param status {@code created}, {@code running} or {@code exited}
 * @param pid the host pid of the strata process attached to the container while running, else 0
 * @param processPid the host pid of the container's own process while running, else 0
 * @param readOnly whether its root file system is mounted read-only ({@code run --read-only})
 * @param autoRemove whether it is removed when its process ends ({@code run --rm})
 * @param pidStartTime the start time of {@code pid} (see {@link HostProcess}), 0 when unknown
 * @param processStartTime the start time of {@code processPid}, 0 when unknown
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
    long processPid,
    boolean readOnly,
    boolean autoRemove,
    long pidStartTime,
    long processStartTime) {
  public ContainerRecord {
    layers = List.copyOf(layers);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
  }

  /**
   * This record in state {@code status}, attached to process {@code pid} with the container's
   * process {@code processPid} (0 for none); their start times are read now.
   */
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
        processPid,
        readOnly,
        autoRemove,
        HostProcess.of(pid).startTime(),
        HostProcess.of(processPid).startTime());
  }

  /**
   * The exit code shown for a container whose end nobody recorded: its attached strata process was
   * killed while it ran, and its process has ended since (docker shows 255 for such a container).
   */
  public static final int UNKNOWN_EXIT = 255;

  /**
   * Whether the container runs: its attached strata process is alive, or its own process is, after
   * that strata process was killed. Both are compared by pid and start time, so that a pid the
   * kernel gave to another process does not count.
   */
  public boolean running() {
    return "running".equals(status) && (attached() || process().alive());
  }

  /** Whether the strata process that runs the container and records its end is alive. */
  public boolean attached() {
    return new HostProcess(pid, pidStartTime).alive();
  }

  /** Whether it was running when its attached strata process died: nobody records its end. */
  public boolean orphaned() {
    return "running".equals(status) && !attached();
  }

  /** The container's own process while it runs. */
  public HostProcess process() {
    return new HostProcess(processPid, processStartTime);
  }

  /** The status as {@code ps} shows it: a container whose processes are all gone has exited. */
  public String effectiveStatus() {
    return "running".equals(status) && !running() ? "exited" : status;
  }

  /** The exit code as {@code ps} shows it: {@link #UNKNOWN_EXIT} when nobody recorded it. */
  public int effectiveExitCode() {
    return "running".equals(status) && !running() ? UNKNOWN_EXIT : exitCode;
  }
}
