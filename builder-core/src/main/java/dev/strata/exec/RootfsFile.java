package dev.strata.exec;

import com.sun.jna.LastErrorException;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads a small regular file of a rootfs without ever leaving it: every directory on the way is
 * opened relative to the one before with O_NOFOLLOW, so a symlink anywhere (planted by an image
 * layer) is refused instead of followed to the host. Used for /etc/passwd and /etc/group.
 */
final class RootfsFile {
  private RootfsFile() {}

  /**
   * The bytes of {@code inRoot} (a clean absolute path) under {@code rootfs}, or empty when it does
   * not exist.
   *
   * @throws StrataException when it is a symlink, not a regular file, or larger than {@code max}
   */
  static Optional<byte[]> read(Path rootfs, String inRoot, long max) {
    String[] parts = inRoot.substring(1).split("/");
    LibC c = LibC.INSTANCE;
    int fd;
    try {
      fd = c.open(rootfs.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new StrataException("cannot open rootfs " + rootfs + ": errno " + e.getErrorCode());
    }
    try {
      for (int i = 0; i < parts.length; i++) {
        boolean last = i == parts.length - 1;
        int flags = LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
        // O_NONBLOCK so that a FIFO planted at the path cannot block the open.
        flags |= last ? LibC.O_NONBLOCK : LibC.O_DIRECTORY;
        int next;
        try {
          next = c.openat(fd, parts[i], flags);
        } catch (LastErrorException e) {
          int errno = e.getErrorCode();
          if (errno == LibC.ENOENT) {
            return Optional.empty();
          }
          String at = "/" + String.join("/", java.util.Arrays.copyOf(parts, i + 1));
          if (errno == LibC.ELOOP || errno == LibC.ENOTDIR) {
            // O_DIRECTORY reports a symlinked directory as ENOTDIR: tell the two apart by lstat.
            boolean link = errno == LibC.ELOOP || Files.isSymbolicLink(RootfsPath.host(rootfs, at));
            throw new StrataException(
                "cannot read "
                    + inRoot
                    + " of the rootfs: "
                    + at
                    + (link
                        ? " is a symbolic link (not followed, to stay inside the rootfs)"
                        : " is not a directory"));
          }
          throw new StrataException("cannot read " + inRoot + " of the rootfs: errno " + errno);
        }
        c.close(fd);
        fd = next;
      }
      Path opened = Path.of("/proc/self/fd/" + fd);
      BasicFileAttributes a = Files.readAttributes(opened, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw new StrataException("cannot read " + inRoot + " of the rootfs: not a regular file");
      }
      if (a.size() > max) {
        throw new StrataException(
            "cannot read " + inRoot + " of the rootfs: larger than " + max + " bytes");
      }
      try (InputStream in = Files.newInputStream(opened)) {
        byte[] bytes = in.readNBytes((int) max + 1);
        if (bytes.length > max) {
          throw new StrataException(
              "cannot read " + inRoot + " of the rootfs: larger than " + max + " bytes");
        }
        return Optional.of(bytes);
      }
    } catch (IOException e) {
      throw new StrataException("cannot read " + inRoot + " of the rootfs: " + e.getMessage(), e);
    } finally {
      c.close(fd);
    }
  }
}
