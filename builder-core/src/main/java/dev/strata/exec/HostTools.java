package dev.strata.exec;

import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Host programs the executors drive (runc, unshare, mount ...), found once by absolute path. */
final class HostTools {
  /** The environment host tools run with: a fixed PATH, nothing of strata's own environment. */
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private HostTools() {}

  /**
   * The absolute path of {@code name}, searched in the standard directories and then strata's PATH.
   *
   * @throws StrataException naming the tool and {@code hint} when it is not installed
   */
  static Path find(String name, String hint) {
    Set<String> dirs = new LinkedHashSet<>(List.of(PATH.split(":")));
    String own = System.getenv("PATH");
    if (own != null) {
      dirs.addAll(List.of(own.split(":")));
    }
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new StrataException(name + " not found in " + String.join(":", dirs) + ": " + hint);
  }

  /** A process builder for a host tool with the fixed environment. */
  static ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", PATH);
    pb.environment().put("LC_ALL", "C");
    return pb;
  }

  /** The result of a short host command. */
  record Output(int exitCode, String stdout, String stderr) {}

  /** Runs a short host command to completion, capturing its output; waits at most 60 seconds. */
  static Output run(List<String> command) {
    ProcessBuilder pb = builder(command);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new StrataException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    List<Thread> readers = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    readers.add(reader(p.getInputStream(), out));
    readers.add(reader(p.getErrorStream(), err));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new StrataException(String.join(" ", command) + " did not finish in 60 seconds");
          }
          for (Thread t : readers) {
            t.join();
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (out) {
      synchronized (err) {
        return new Output(p.exitValue(), out.toString(), err.toString());
      }
    }
  }

  private static Thread reader(InputStream in, StringBuilder into) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (into) {
                  into.append(s);
                }
              } catch (IOException e) {
                // The process is gone; what was read is all there is.
              }
            },
            "strata-exec-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
