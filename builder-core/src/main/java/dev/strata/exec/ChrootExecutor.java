package dev.strata.exec;

import com.sun.jna.LastErrorException;
import dev.strata.StrataException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback executor ({@code --executor chroot}), for hosts without runc: util-linux's {@code
 * unshare} gives the process new mount, pid, ipc and uts namespaces (and a network namespace for
 * {@link NetworkMode#NONE}), a setup script (see {@link ChrootScript}) mounts /proc, /dev, /sys and
 * the run's mounts inside the new mount namespace, and the process is exec'd chrooted, as its user,
 * with exactly its environment. Mounts vanish with the namespace; mount points created in the
 * rootfs are removed after the run, like with runc.
 *
 * <p>Weaker than runc: no cgroups (so no {@link ResourceLimits}, no device rules), no seccomp; the
 * capability bounding set is docker's default all the same.
 */
public final class ChrootExecutor implements Executor {
  /** The name that picks this executor. */
  public static final String NAME = "chroot";

  private static final Pattern VERSION = Pattern.compile("util-linux (\\S+)");
  private static final String HINT = "install util-linux, mount and iproute2";

  private final Path stateDir;
  private final Path sh;
  private final Path unshare;
  private final ChrootScript.Tools tools;
  private volatile String version;

  private ChrootExecutor(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath();
    this.sh = HostTools.find("sh", HINT);
    this.unshare = HostTools.find("unshare", HINT);
    this.tools =
        new ChrootScript.Tools(
            HostTools.find("mount", HINT).toString(),
            HostTools.find("mknod", HINT).toString(),
            findOptional("ip"),
            HostTools.find("setpriv", HINT).toString(),
            HostTools.find("prlimit", HINT).toString(),
            HostTools.find("env", HINT).toString(),
            unshare.toString());
  }

  /**
   * An executor using the host's util-linux, keeping per-run files under {@code stateDir}.
   *
   * @throws StrataException when a needed tool is not installed
   */
  public static ChrootExecutor create(Path stateDir) {
    return new ChrootExecutor(stateDir);
  }

  private static String findOptional(String name) {
    try {
      return HostTools.find(name, HINT).toString();
    } catch (StrataException e) {
      return null;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The util-linux version of {@code unshare}, e.g. {@code 2.38.1}. */
  @Override
  public String version() {
    String v = version;
    if (v == null) {
      HostTools.Output out = HostTools.run(List.of(unshare.toString(), "--version"));
      Matcher m = VERSION.matcher(out.stdout());
      if (out.exitCode() != 0 || !m.find()) {
        throw new StrataException(
            "cannot tell the version of " + unshare + ": " + out.stderr().strip());
      }
      v = m.group(1);
      version = v;
    }
    return v;
  }

  @Override
  public RunningProcess start(ProcessSpec spec, Path rootfs, ProcessIO io) {
    if (spec.network() == NetworkMode.NONE && tools.ip() == null) {
      throw new StrataException(
          "ip not found: the chroot executor needs iproute2 for --network none");
    }
    String id = RunDirs.newId();
    Path runDir = RunDirs.create(stateDir, id);
    PreparedRun prepared;
    try {
      prepared = PreparedRun.prepare(spec, rootfs.toAbsolutePath(), runDir);
    } catch (RuntimeException e) {
      try {
        RunDirs.delete(runDir);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    Path errors = runDir.resolve("setup.err");
    Process process;
    try {
      Path script = runDir.resolve("setup.sh");
      Files.writeString(script, ChrootScript.render(prepared, tools), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      command.add(sh.toString());
      command.add("-c");
      // The runtime's own errors go to the error file; the process's stderr waits on fd 3.
      command.add("exec 3>&2 2>>\"$1\"; shift; exec \"$@\"");
      command.add("sh");
      command.add(errors.toString());
      command.add(unshare.toString());
      command.add("--mount");
      command.add("--pid");
      command.add("--ipc");
      command.add("--uts");
      if (spec.network() == NetworkMode.NONE) {
        command.add("--net");
      }
      command.add("--fork");
      command.add("--kill-child");
      command.add("--propagation");
      command.add("private");
      command.add("--");
      command.add(sh.toString());
      command.add(script.toString());
      ProcessBuilder pb = HostTools.builder(command);
      if (io.stdin().isEmpty()) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      try {
        prepared.release();
        RunDirs.delete(runDir);
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StrataException("cannot start unshare for " + rootfs + ": " + e.getMessage(), e);
    }
    return new ChrootProcess(id, process, io, prepared, errors);
  }

  private static final class ChrootProcess extends MonitoredProcess {
    private final PreparedRun prepared;
    private final Path errors;
    private volatile long pid = -1;

    ChrootProcess(String id, Process process, ProcessIO io, PreparedRun prepared, Path errors) {
      super(id, process, io);
      this.prepared = prepared;
      this.errors = errors;
      monitor();
    }

    /** pid 1 of the new pid namespace: unshare's forked child, which becomes the process. */
    @Override
    public long pid() {
      while (pid < 0 && process.isAlive()) {
        Optional<ProcessHandle> child = process.toHandle().children().findFirst();
        if (child.isPresent()) {
          pid = child.get().pid();
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      return pid;
    }

    @Override
    protected void deliver(int signal) {
      long target = pid();
      if (target < 0) {
        return;
      }
      try {
        LibC.INSTANCE.kill((int) target, signal);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != LibC.ESRCH) {
          throw new StrataException(
              "cannot signal process " + target + ": errno " + e.getErrorCode());
        }
      }
    }

    @Override
    protected ExecResult finish(int exitCode) {
      String setupErrors = "";
      try {
        setupErrors = Files.readString(errors, StandardCharsets.UTF_8);
      } catch (IOException e) {
        // No error file: the runtime said nothing.
      }
      List<String> failures = new ArrayList<>();
      try {
        prepared.release();
      } catch (StrataException e) {
        failures.add(e.getMessage());
      }
      try {
        RunDirs.delete(prepared.runDir);
      } catch (IOException e) {
        failures.add("cannot delete " + prepared.runDir + ": " + e);
      }
      if (!failures.isEmpty()) {
        throw new StrataException(
            "cleaning up run " + id + " failed: " + String.join("; ", failures));
      }
      int mark = setupErrors.indexOf(ChrootScript.FAILURE_MARK);
      if (mark >= 0) {
        throw new ExecStartException(
            ExecStartException.Reason.RUNTIME_FAILED,
            "cannot set up the chroot: " + setupErrors.strip().replace('\n', ' '));
      }
      if (exitCode == 1 && setupErrors.contains("sigprocmask unblock failed")) {
        // util-linux 2.38 unshare cannot re-raise SIGKILL on itself and exits 1 instead.
        return ExecResult.killedBy(Signals.SIGKILL);
      }
      return ExecResult.exited(exitCode & 0xff);
    }
  }
}
