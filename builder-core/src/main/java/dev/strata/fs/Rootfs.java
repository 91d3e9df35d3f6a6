package dev.strata.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths inside a root directory as if the process were chrooted into it (DESIGN.md
 * invariant 5): every symlink met on the way is read and its target, absolute or relative, is
 * resolved against the root again; {@code ..} never climbs above the root. The result is always the
 * root or a path below it, whatever the tree holds.
 *
 * <p>With {@link LinkOption#NOFOLLOW_LINKS} a final component that is a symlink is returned as the
 * link itself (for lchown, whiteouts, creating or replacing links). Missing components are kept
 * literally, so the result also names where a new file should be created.
 *
 * <p>The check is not atomic: it confines paths in trees that nobody else changes while strata
 * works on them (a layer being applied, a rootfs being copied into), which is how it is used.
 */
public final class Rootfs {
  /** Linux's limit on symlinks followed while resolving one path. */
  public static final int MAX_SYMLINKS = 40;

  private Rootfs() {}

  /** {@code path} (absolute or relative, read as inside {@code root}) resolved inside root. */
  public static Path resolve(Path root, String path, LinkOption... options) throws IOException {
    String relative = resolveRelative(root, path, options);
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  /**
   * Like {@link #resolve} but returns the resolved path relative to root, '/'-separated, without a
   * leading slash; the empty string for the root itself.
   */
  public static String resolveRelative(Path root, String path, LinkOption... options)
      throws IOException {
    boolean followFinal = true;
    for (LinkOption o : options) {
      if (o == LinkOption.NOFOLLOW_LINKS) {
        followFinal = false;
      }
    }
    // A trailing slash asks for a directory, so the kernel follows a final link: do the same.
    if (path.endsWith("/")) {
      followFinal = true;
    }
    Deque<String> remaining = new ArrayDeque<>();
    push(remaining, path);
    List<String> resolved = new ArrayList<>();
    int missingAt = -1; // depth from which components are known not to exist
    int links = 0;
    while (!remaining.isEmpty()) {
      String c = remaining.pollFirst();
      if (c.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        // Climbing back above the first missing component: what remains is known to exist.
        if (missingAt >= resolved.size()) {
          missingAt = -1;
        }
        continue;
      }
      if (missingAt >= 0 || (remaining.isEmpty() && !followFinal)) {
        resolved.add(c);
        continue;
      }
      Path candidate = root.resolve(join(resolved, c));
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_SYMLINKS) {
          throw new ErrnoException("resolve", path + " in " + root, Errno.ELOOP);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
          missingAt = -1;
        }
        push(remaining, target);
        continue;
      }
      if (Files.notExists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        missingAt = resolved.size();
      }
      resolved.add(c);
    }
    return String.join("/", resolved);
  }

  /** Puts the meaningful components of {@code path} in front of {@code remaining}. */
  private static void push(Deque<String> remaining, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      String p = parts[i];
      if (!p.isEmpty() && !p.equals(".")) {
        remaining.addFirst(p);
      }
    }
  }

  private static String join(List<String> resolved, String last) {
    if (resolved.isEmpty()) {
      return last;
    }
    return String.join("/", resolved) + "/" + last;
  }
}
