package dev.strata.exec;

import dev.strata.exec.ExecStartException.Reason;
import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a command's executable in the container's view before the run, the way runc does inside the
 * container (Go's exec.LookPath): a name with a slash is taken as a path, other names are searched
 * in the {@code PATH} of the process's environment. Finding nothing gives docker's 127, finding
 * something that cannot be executed gives 126. Where the view cannot see (under /proc, /dev, /sys)
 * the check is left to the runtime.
 */
final class ExecutableLookup {
  private ExecutableLookup() {}

  /** The reason {@code spec}'s command cannot start, or empty when it can (or cannot be known). */
  static Optional<ExecStartException> check(RootfsPath.View view, ProcessSpec spec)
      throws IOException {
    String name = spec.args().get(0);
    String cwd = RootfsPath.clean(spec.cwd());
    if (name.contains("/")) {
      String path = name.startsWith("/") ? name : cwd + "/" + name;
      RootfsPath.Resolved r = resolve(view, path);
      if (r == null || r.unknown()) {
        return Optional.empty();
      }
      if (!r.exists()) {
        return Optional.of(
            new ExecStartException(Reason.NOT_FOUND, quote(name) + ": no such file or directory"));
      }
      if (!isExecutable(r.attributes())) {
        return Optional.of(
            new ExecStartException(
                Reason.NOT_EXECUTABLE,
                quote(name)
                    + (r.attributes().isDirectory() ? ": is a directory" : ": permission denied")));
      }
      return Optional.empty();
    }
    String searchPath = spec.envValue("PATH");
    if (searchPath != null) {
      for (String dir : searchPath.split(":", -1)) {
        String base = dir.isEmpty() ? cwd : dir.startsWith("/") ? dir : cwd + "/" + dir;
        RootfsPath.Resolved r = resolve(view, base + "/" + name);
        if (r == null || r.unknown()) {
          return Optional.empty();
        }
        if (r.exists() && isExecutable(r.attributes())) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(
        new ExecStartException(
            Reason.NOT_FOUND, quote(name) + ": executable file not found in $PATH"));
  }

  private static RootfsPath.Resolved resolve(RootfsPath.View view, String path) throws IOException {
    try {
      return RootfsPath.resolve(view, path);
    } catch (java.nio.file.NotDirectoryException e) {
      return new RootfsPath.Resolved(path, null, false);
    } catch (java.nio.file.FileSystemException e) {
      // A symlink loop or an unreadable directory: let the runtime report it.
      return null;
    }
  }

  private static boolean isExecutable(PosixFileAttributes a) {
    Set<PosixFilePermission> p = a.permissions();
    return a.isRegularFile()
        && (p.contains(PosixFilePermission.OWNER_EXECUTE)
            || p.contains(PosixFilePermission.GROUP_EXECUTE)
            || p.contains(PosixFilePermission.OTHERS_EXECUTE));
  }

  private static String quote(String name) {
    return "unable to start container process: exec: \"" + name + "\"";
  }
}
