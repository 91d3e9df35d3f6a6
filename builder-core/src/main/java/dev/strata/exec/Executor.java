package dev.strata.exec;

import dev.strata.StrataException;
import java.nio.file.Path;

/**
 * Runs a process inside a root filesystem, isolated in its own mount, pid, ipc and uts namespaces
 * (and network namespace for {@link NetworkMode#NONE}). Used for RUN steps and for containers.
 *
 * <p>The rootfs may be a layer being recorded: whatever an executor needs for its own purposes
 * (mount points, /etc/hosts, /etc/resolv.conf) leaves no trace in it after the run; only what the
 * process itself writes remains (and the working directory, created when missing).
 */
public interface Executor {
  /** The name used to pick this executor ({@code runc}, {@code chroot}). */
  String name();

  /** The version of the tool doing the work, e.g. {@code 1.1.5} for runc. */
  String version();

  /**
   * Starts {@code spec} in {@code rootfs} and returns at once with a handle on the process; output
   * streams to {@code io} as it comes.
   *
   * @param rootfs an absolute path to a directory
   * @throws ExecStartException when the process cannot be started (exit code 125, 126 or 127)
   * @throws StrataException when the rootfs or a mount is unusable
   */
  RunningProcess start(ProcessSpec spec, Path rootfs, ProcessIO io);

  /**
   * Runs {@code spec} in {@code rootfs} to completion. Output streams to {@code io} live; when this
   * returns (or throws, or the thread is interrupted) the process is gone and every trace of the
   * run outside what the process wrote has been removed.
   *
   * @throws ExecStartException when the process cannot be started (exit code 125, 126 or 127)
   * @throws InterruptedException after killing the process and cleaning up
   */
  default ExecResult run(ProcessSpec spec, Path rootfs, ProcessIO io) throws InterruptedException {
    try (RunningProcess process = start(spec, rootfs, io)) {
      return process.waitFor();
    }
  }

  /**
   * The executor called {@code name} ({@code runc} or {@code chroot}), keeping its state (runtime
   * state, per-run bundles) under {@code stateDir}.
   *
   * @throws StrataException for an unknown name or when its tools are not installed
   */
  static Executor named(String name, Path stateDir) {
    return switch (name) {
      case RuncExecutor.NAME -> RuncExecutor.create(stateDir);
      case ChrootExecutor.NAME -> ChrootExecutor.create(stateDir);
      default ->
          throw new StrataException(
              "unknown executor \""
                  + name
                  + "\": use "
                  + RuncExecutor.NAME
                  + " or "
                  + ChrootExecutor.NAME);
    };
  }
}
