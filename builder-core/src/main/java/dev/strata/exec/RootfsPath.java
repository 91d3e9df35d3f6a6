package dev.strata.exec;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a rootfs, resolved as if chrooted: symlinks are followed, absolute link targets and
 * {@code ..} stay under the root. Read-only look-ups (lstat, readlink) before a run; the writes the
 * executor makes go to paths resolved here. The confined resolver of {@code dev.strata.fs} will
 * replace this once it is merged.
 */
final class RootfsPath {
  /** Linux's limit on symlinks followed in one look-up. */
  static final int MAX_LINKS = 40;

  private RootfsPath() {}

  /** Maps an absolute in-container path to the host path holding it, or null when unknown. */
  interface View {
    Path hostPath(String inRoot);
  }

  /** The view of a bare rootfs: every in-container path is under {@code rootfs}. */
  static View of(Path rootfs) {
    return inRoot -> host(rootfs, inRoot);
  }

  /**
   * A resolved path.
   *
   * @param path absolute, free of symlinks, {@code .} and {@code ..} as far as they could be seen
   * @param attributes the file's attributes, null when it does not exist or is {@code unknown}
   * @param unknown the path leads into a file system the view cannot see (proc, sys, dev)
   */
  record Resolved(String path, PosixFileAttributes attributes, boolean unknown) {
    boolean exists() {
      return attributes != null;
    }
  }

  /** The host path of {@code inRoot} under {@code rootfs}, without resolving anything. */
  static Path host(Path rootfs, String inRoot) {
    String rel = clean(inRoot).substring(1);
    return rel.isEmpty() ? rootfs : rootfs.resolve(rel);
  }

  /** {@code path} made absolute and lexically clean: no empty, {@code .} or {@code ..} parts. */
  static String clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(c);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** Whether {@code path} is {@code dir} or below it; both clean. */
  static boolean isUnder(String path, String dir) {
    return path.equals(dir) || dir.equals("/") || path.startsWith(dir + "/");
  }

  /** Resolves {@code path} (absolute) through {@code view}, following every symlink in the root. */
  static Resolved resolve(View view, String path) throws IOException {
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    List<String> done = new ArrayList<>();
    int links = 0;
    boolean missing = false;
    PosixFileAttributes last = view.hostPath("/") == null ? null : attributes(view.hostPath("/"));
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        // Going up out of a missing directory gets back to directories that exist.
        missing = false;
        last = attributes(view, done);
        continue;
      }
      done.add(c);
      if (missing) {
        continue;
      }
      String current = "/" + String.join("/", done);
      Path host = view.hostPath(current);
      if (host == null) {
        for (String rest : todo) {
          if (!rest.isEmpty()) {
            done.add(rest);
          }
        }
        return new Resolved(clean(String.join("/", done)), null, true);
      }
      PosixFileAttributes a = attributes(host);
      if (a == null) {
        missing = true;
        last = null;
        continue;
      }
      if (a.isSymbolicLink()) {
        if (++links > MAX_LINKS) {
          throw new FileSystemException(current, null, "too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(host).toString();
        done.remove(done.size() - 1);
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> parts = List.of(target.split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        continue;
      }
      if (!a.isDirectory() && todo.stream().anyMatch(s -> !s.isEmpty() && !s.equals("."))) {
        throw new NotDirectoryException(current);
      }
      last = a;
    }
    return new Resolved("/" + String.join("/", done), missing ? null : last, false);
  }

  private static PosixFileAttributes attributes(View view, List<String> done) throws IOException {
    Path host = view.hostPath("/" + String.join("/", done));
    return host == null ? null : attributes(host);
  }

  /** lstat, or null when nothing is there. */
  static PosixFileAttributes attributes(Path host) throws IOException {
    try {
      return Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return null;
      }
      throw e;
    }
  }
}
