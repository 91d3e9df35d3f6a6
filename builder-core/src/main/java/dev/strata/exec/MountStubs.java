package dev.strata.exec;

import dev.strata.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mount points a run needs but its rootfs lacks. They are created before the run (directories 0755,
 * empty files 0644, root-owned) and removed after it, in reverse order, when they are still what
 * was created (an empty directory, an empty file); the times of the directories that held them are
 * put back unless the process itself changed those directories meanwhile. So a run whose process
 * writes nothing leaves the rootfs as it found it.
 */
final class MountStubs {
  /** A mount point wanted at {@code path} (clean, symlink-free, in the rootfs). */
  record Request(String path, boolean directory) {}

  private record Times(FileTime modified, FileTime accessed) {}

  private final Path rootfs;
  private final List<Path> created = new ArrayList<>();
  private final Map<Path, Times> before = new LinkedHashMap<>();
  private final Map<Path, FileTime> after = new LinkedHashMap<>();

  private MountStubs(Path rootfs) {
    this.rootfs = rootfs;
  }

  /** Creates whatever of {@code requests} is missing; on failure removes what it created. */
  static MountStubs create(Path rootfs, List<Request> requests) {
    MountStubs stubs = new MountStubs(rootfs);
    try {
      for (Request r : requests) {
        stubs.ensure(r);
      }
      for (Path dir : stubs.before.keySet()) {
        stubs.after.put(dir, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
      }
      return stubs;
    } catch (IOException | RuntimeException e) {
      try {
        stubs.remove();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StrataException se) {
        throw se;
      }
      throw new StrataException("cannot create mount points in " + rootfs + ": " + e, e);
    }
  }

  private void ensure(Request r) throws IOException {
    String[] parts = r.path().substring(1).split("/");
    Path current = rootfs;
    for (int i = 0; i < parts.length; i++) {
      boolean lastPart = i == parts.length - 1;
      Path next = current.resolve(parts[i]);
      PosixFileAttributes a = RootfsPath.attributes(next);
      if (a == null) {
        remember(current);
        if (lastPart && !r.directory()) {
          Files.createFile(
              next,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        } else {
          Files.createDirectory(next);
          Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        created.add(next);
      } else if (a.isSymbolicLink()) {
        throw new StrataException(
            "mount point " + r.path() + " changed while the run was being prepared");
      } else if (!a.isDirectory() && !(lastPart && !r.directory())) {
        String at = "/" + String.join("/", List.of(parts).subList(0, i + 1));
        throw new StrataException(
            "cannot mount "
                + (r.directory() ? "a directory" : "a file")
                + " at "
                + r.path()
                + ": "
                + at
                + " in the rootfs is not a directory");
      } else if (lastPart && a.isDirectory() && !r.directory()) {
        throw new StrataException(
            "cannot mount a file at " + r.path() + ": it is a directory in the rootfs");
      }
      current = next;
    }
  }

  private void remember(Path dir) throws IOException {
    if (!before.containsKey(dir) && !created.contains(dir)) {
      PosixFileAttributes a =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      before.put(dir, new Times(a.lastModifiedTime(), a.lastAccessTime()));
    }
  }

  /** The host paths created, in creation order. */
  List<Path> created() {
    return List.copyOf(created);
  }

  /**
   * Removes the stubs (call once the mounts on them are gone) and puts the times of their parent
   * directories back.
   *
   * @throws StrataException when a stub cannot be removed
   */
  void remove() {
    Map<Path, Boolean> untouched = new LinkedHashMap<>();
    for (Map.Entry<Path, FileTime> e : after.entrySet()) {
      try {
        untouched.put(
            e.getKey(),
            Files.getLastModifiedTime(e.getKey(), LinkOption.NOFOLLOW_LINKS).equals(e.getValue()));
      } catch (IOException gone) {
        untouched.put(e.getKey(), false);
      }
    }
    List<Path> all = List.copyOf(created);
    List<String> failures = new ArrayList<>();
    for (int i = created.size() - 1; i >= 0; i--) {
      Path p = created.get(i);
      try {
        PosixFileAttributes a = RootfsPath.attributes(p);
        if (a == null) {
          continue;
        }
        if (a.isDirectory()) {
          Files.delete(p);
        } else if (a.isRegularFile() && a.size() == 0) {
          Files.delete(p);
        }
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // The process put something there: it is now part of what the run wrote.
      } catch (IOException e) {
        failures.add(rootfs.relativize(p) + ": " + e.getMessage());
      }
    }
    created.clear();
    for (Map.Entry<Path, Times> e : before.entrySet()) {
      // Times go back only where nothing else changed: no entry added by the process, and every
      // stub made there removed again.
      boolean allRemoved =
          all.stream()
              .filter(p -> e.getKey().equals(p.getParent()))
              .noneMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
      if (allRemoved && Boolean.TRUE.equals(untouched.get(e.getKey()))) {
        try {
          Files.getFileAttributeView(
                  e.getKey(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(e.getValue().modified(), e.getValue().accessed(), null);
        } catch (IOException ex) {
          failures.add(rootfs.relativize(e.getKey()) + ": " + ex.getMessage());
        }
      }
    }
    before.clear();
    after.clear();
    if (!failures.isEmpty()) {
      throw new StrataException(
          "cannot remove mount points created in " + rootfs + ": " + String.join("; ", failures),
          new UncheckedIOException(new IOException(failures.toString())));
    }
  }
}
