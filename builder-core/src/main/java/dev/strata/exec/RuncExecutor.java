package dev.strata.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.exec.ExecStartException.Reason;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs processes with runc: per run, a bundle directory with an OCI runtime-spec {@code
 * config.json} (see {@link RuncConfig}) and {@code runc run} with piped stdio. runc keeps its state
 * under {@code <stateDir>/runc} ({@code runc --root}), apart from every other runc user; each run
 * gets a unique container id and is deleted with {@code runc delete --force} whatever happens.
 */
public final class RuncExecutor implements Executor {
  /** The name that picks this executor. */
  public static final String NAME = "runc";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSION = Pattern.compile("runc version (\\S+)");
  private static final long START_TIMEOUT_MILLIS = 120_000;

  private final Path runc;
  private final Path stateDir;
  private final Path runcRoot;
  private final CgroupHost cgroups;
  private volatile String version;

  /**
   * An executor using {@code runc} (an absolute path) and keeping its state under {@code stateDir}.
   */
  public RuncExecutor(Path runc, Path stateDir) {
    this.runc = runc;
    this.stateDir = stateDir.toAbsolutePath();
    this.runcRoot = this.stateDir.resolve("runc");
    this.cgroups = CgroupHost.detect();
  }

  /**
   * An executor using the runc installed on the host.
   *
   * @throws StrataException when runc is not installed
   */
  public static RuncExecutor create(Path stateDir) {
    return new RuncExecutor(
        HostTools.find(
            "runc", "install runc (Debian: apt-get install runc) or use --executor chroot"),
        stateDir);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** runc's version, e.g. {@code 1.1.5+ds1}. */
  @Override
  public String version() {
    String v = version;
    if (v == null) {
      HostTools.Output out = HostTools.run(List.of(runc.toString(), "--version"));
      Matcher m = VERSION.matcher(out.stdout());
      if (out.exitCode() != 0 || !m.find()) {
        throw new StrataException(
            "cannot tell the version of " + runc + ": " + out.stderr().strip());
      }
      v = m.group(1);
      version = v;
    }
    return v;
  }

  /** The directory runc keeps its container state in ({@code runc --root}). */
  public Path runcRoot() {
    return runcRoot;
  }

  @Override
  public RunningProcess start(ProcessSpec spec, Path rootfs, ProcessIO io) {
    String id = RunDirs.newId();
    Path runDir = RunDirs.create(stateDir, id);
    PreparedRun prepared;
    try {
      prepared = PreparedRun.prepare(spec, rootfs.toAbsolutePath(), runDir);
    } catch (RuntimeException e) {
      deleteQuietly(runDir, e);
      throw e;
    }
    Process process;
    try {
      Files.createDirectories(runcRoot);
      JSON.writeValue(runDir.resolve("config.json").toFile(), RuncConfig.build(prepared, cgroups));
      List<String> command =
          List.of(
              runc.toString(),
              "--root",
              runcRoot.toString(),
              "--log",
              runDir.resolve("runc.log").toString(),
              "--log-format",
              "json",
              "run",
              "--bundle",
              runDir.toString(),
              "--pid-file",
              runDir.resolve("pid").toString(),
              "--no-new-keyring",
              id);
      ProcessBuilder pb = HostTools.builder(command);
      if (io.stdin().isEmpty()) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      try {
        prepared.release();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      deleteQuietly(runDir, e);
      throw new StrataException("cannot start runc for " + rootfs + ": " + e.getMessage(), e);
    }
    RuncProcess p = new RuncProcess(id, process, io, prepared);
    p.awaitStart();
    return p;
  }

  private static void deleteQuietly(Path dir, Exception failure) {
    try {
      RunDirs.delete(dir);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Maps runc's error for a process that never started to docker's exit codes. */
  static ExecStartException startFailure(String runcError) {
    String message = runcError.replaceFirst("^runc (run|create) failed: ", "");
    String lower = message.toLowerCase(Locale.ROOT);
    Reason reason = Reason.RUNTIME_FAILED;
    if (lower.contains("exec: ")) {
      if (lower.contains("executable file not found")
          || lower.contains("no such file or directory")) {
        reason = Reason.NOT_FOUND;
      } else if (lower.contains("permission denied")
          || lower.contains("exec format error")
          || lower.contains("is a directory")) {
        reason = Reason.NOT_EXECUTABLE;
      }
    }
    return new ExecStartException(reason, message);
  }

  private final class RuncProcess extends MonitoredProcess {
    private final PreparedRun prepared;
    private final Path pidFile;
    private volatile long pid = -1;

    RuncProcess(String id, Process process, ProcessIO io, PreparedRun prepared) {
      super(id, process, io);
      this.prepared = prepared;
      this.pidFile = prepared.runDir.resolve("pid");
      monitor();
    }

    /** Waits until runc has started the process (its pid file appears) or given up. */
    void awaitStart() {
      long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
      boolean interrupted = false;
      try {
        while (pid < 0 && !result().isDone()) {
          readPid();
          if (pid >= 0) {
            break;
          }
          if (System.nanoTime() > deadline) {
            close();
            throw new StrataException("runc did not start container " + id + " in time");
          }
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            interrupted = true;
            close();
            break;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (result().isCompletedExceptionally()) {
        try {
          result().join();
        } catch (java.util.concurrent.CompletionException e) {
          if (e.getCause() instanceof ExecStartException se) {
            throw se;
          }
        }
      }
    }

    private void readPid() {
      try {
        String s = Files.readString(pidFile).strip();
        if (!s.isEmpty()) {
          pid = Long.parseLong(s);
        }
      } catch (IOException | NumberFormatException e) {
        // Not written yet.
      }
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    protected void deliver(int signal) {
      HostTools.Output out =
          HostTools.run(
              List.of(
                  runc.toString(),
                  "--root",
                  runcRoot.toString(),
                  "kill",
                  id,
                  Integer.toString(signal)));
      if (out.exitCode() != 0 && process.isAlive() && !gone(out.stderr())) {
        throw new StrataException("cannot signal container " + id + ": " + out.stderr().strip());
      }
    }

    @Override
    protected ExecResult finish(int exitCode) {
      if (pid < 0) {
        readPid();
      }
      boolean started = pid >= 0;
      List<String> errors = runcErrors(prepared.runDir.resolve("runc.log"));
      List<String> failures = new ArrayList<>();
      HostTools.Output delete =
          HostTools.run(
              List.of(runc.toString(), "--root", runcRoot.toString(), "delete", "--force", id));
      if (delete.exitCode() != 0 && !gone(delete.stderr())) {
        failures.add("runc delete: " + delete.stderr().strip());
      }
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
            "cleaning up container " + id + " failed: " + String.join("; ", failures));
      }
      if (!started && exitCode != 0) {
        throw startFailure(
            errors.isEmpty() ? "runc exited with code " + exitCode : errors.get(errors.size() - 1));
      }
      return ExecResult.exited(exitCode & 0xff);
    }
  }

  private static boolean gone(String runcStderr) {
    String s = runcStderr.toLowerCase(Locale.ROOT);
    return s.contains("does not exist") || s.contains("not running") || s.contains("not exist");
  }

  /** The messages of runc's error-level log entries. */
  static List<String> runcErrors(Path log) {
    List<String> errors = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      return errors;
    }
    for (String line : lines) {
      try {
        JsonNode n = JSON.readTree(line);
        String level = n.path("level").asText();
        if (level.equals("error") || level.equals("fatal")) {
          errors.add(n.path("msg").asText());
        }
      } catch (IOException e) {
        // A line that is not JSON is runc's plain text; it names no error level.
      }
    }
    return errors;
  }
}
