package dev.strata.fs;

import com.sun.jna.Native;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * System calls the JDK lacks, through JNA: device nodes and fifos, extended attributes in every
 * namespace, ownership, full modes (setuid, setgid, sticky) and nanosecond times, none of which
 * follow a symlink in the last component; plus mount and umount for the storage drivers.
 *
 * <p>Every failure is an {@link ErrnoException} naming the call, the path and the errno text.
 */
public final class Syscalls {
  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_REMOUNT = 32;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1L << 18;
  public static final int MNT_DETACH = 2;

  /** Largest major and minor numbers the kernel's dev_t can hold (12 and 20 bits). */
  public static final int MAX_MAJOR = (1 << 12) - 1;

  public static final int MAX_MINOR = (1 << 20) - 1;

  private static final Charset FILE_NAMES = fileNameCharset();

  private Syscalls() {}

  /**
   * Creates a character device node with permission bits {@code perm}, less the umask as for
   * mknod(2); {@link #lchmod} sets exact bits.
   */
  public static void mknodChar(Path path, int perm, int major, int minor) throws ErrnoException {
    mknod(path, S_IFCHR | (perm & 07777), makedev(major, minor));
  }

  /** Creates a block device node with permission bits {@code perm}. */
  public static void mknodBlock(Path path, int perm, int major, int minor) throws ErrnoException {
    mknod(path, S_IFBLK | (perm & 07777), makedev(major, minor));
  }

  /** Creates a fifo (named pipe) with permission bits {@code perm}. */
  public static void mkfifo(Path path, int perm) throws ErrnoException {
    mknod(path, S_IFIFO | (perm & 07777), 0);
  }

  private static void mknod(Path path, int mode, long dev) throws ErrnoException {
    check(LibC.mknod(cpath(path), mode, dev), "mknod", path.toString());
  }

  /** glibc's {@code makedev}: a dev_t from major and minor numbers. */
  public static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32)
        | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12)
        | (minor & 0xffL);
  }

  /** glibc's {@code major}: the major number of a dev_t (as in {@code unix:rdev}). */
  public static int major(long dev) {
    return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
  }

  /** glibc's {@code minor}: the minor number of a dev_t. */
  public static int minor(long dev) {
    return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
  }

  /**
   * Creates symlink {@code link} holding {@code target} byte for byte (the JDK would normalize it
   * as a path, dropping a trailing slash or doubled slashes).
   */
  public static void symlink(String target, Path link) throws ErrnoException {
    check(LibC.symlink(cstring(target, FILE_NAMES), cpath(link)), "symlink", link.toString());
  }

  /** The target of symlink {@code link}, exactly as stored. */
  public static String readlink(Path link) throws ErrnoException {
    byte[] p = cpath(link);
    for (int size = 256; ; size *= 4) {
      byte[] buf = new byte[size];
      long n = LibC.readlink(p, buf, buf.length);
      if (n < 0) {
        throw new ErrnoException("readlink", link.toString(), Native.getLastError());
      }
      if (n < buf.length) {
        return new String(buf, 0, (int) n, FILE_NAMES);
      }
    }
  }

  /** Changes the owner of {@code path} itself, never of a symlink's target. */
  public static void lchown(Path path, int uid, int gid) throws ErrnoException {
    check(LibC.lchown(cpath(path), uid, gid), "lchown", path.toString());
  }

  /**
   * Sets all twelve mode bits (permissions plus setuid, setgid, sticky) of {@code path}, which the
   * JDK cannot. Never follows a symlink: Linux has no modes on links, so a link fails with ENOTSUP.
   */
  public static void lchmod(Path path, int mode) throws ErrnoException {
    check(
        LibC.fchmodat(LibC.AT_FDCWD, cpath(path), mode & 07777, LibC.AT_SYMLINK_NOFOLLOW),
        "chmod",
        path.toString());
  }

  /** Sets access and modification times with nanoseconds, on a symlink itself if it is one. */
  public static void lutimens(Path path, Instant atime, Instant mtime) throws ErrnoException {
    long[] times = {
      atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()
    };
    check(
        LibC.utimensat(LibC.AT_FDCWD, cpath(path), times, LibC.AT_SYMLINK_NOFOLLOW),
        "utimensat",
        path.toString());
  }

  /** The value of extended attribute {@code name} of {@code path} itself, or null if unset. */
  public static byte[] lgetxattr(Path path, String name) throws ErrnoException {
    byte[] p = cpath(path);
    byte[] n = cstring(name, StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      long size = LibC.lgetxattr(p, n, null, 0);
      if (size < 0) {
        int errno = Native.getLastError();
        if (errno == Errno.ENODATA) {
          return null;
        }
        throw new ErrnoException("lgetxattr", path + " " + name, errno);
      }
      byte[] value = new byte[(int) size];
      long got = LibC.lgetxattr(p, n, value, value.length);
      if (got >= 0) {
        return got == value.length ? value : java.util.Arrays.copyOf(value, (int) got);
      }
      int errno = Native.getLastError();
      // The value grew between the two calls: ask for its size again.
      if (errno != Errno.ERANGE || attempt > 8) {
        throw new ErrnoException("lgetxattr", path + " " + name, errno);
      }
    }
  }

  /** Sets extended attribute {@code name} (any namespace) on {@code path} itself. */
  public static void lsetxattr(Path path, String name, byte[] value) throws ErrnoException {
    check(
        LibC.lsetxattr(cpath(path), cstring(name, StandardCharsets.UTF_8), value, value.length, 0),
        "lsetxattr",
        path + " " + name);
  }

  /** The names of the extended attributes of {@code path} itself, in the order the kernel gives. */
  public static List<String> llistxattr(Path path) throws ErrnoException {
    byte[] p = cpath(path);
    for (int attempt = 0; ; attempt++) {
      long size = LibC.llistxattr(p, null, 0);
      if (size < 0) {
        throw new ErrnoException("llistxattr", path.toString(), Native.getLastError());
      }
      if (size == 0) {
        return List.of();
      }
      byte[] list = new byte[(int) size];
      long got = LibC.llistxattr(p, list, list.length);
      if (got >= 0) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < got; i++) {
          if (list[i] == 0) {
            if (i > start) {
              names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
            }
            start = i + 1;
          }
        }
        return names;
      }
      int errno = Native.getLastError();
      if (errno != Errno.ERANGE || attempt > 8) {
        throw new ErrnoException("llistxattr", path.toString(), errno);
      }
    }
  }

  /** Removes extended attribute {@code name} from {@code path} itself. */
  public static void lremovexattr(Path path, String name) throws ErrnoException {
    check(
        LibC.lremovexattr(cpath(path), cstring(name, StandardCharsets.UTF_8)),
        "lremovexattr",
        path + " " + name);
  }

  /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
  public static void mount(String source, Path target, String fstype, long flags, String data)
      throws ErrnoException {
    check(
        LibC.mount(
            source == null ? null : cstring(source, FILE_NAMES),
            cpath(target),
            fstype == null ? null : cstring(fstype, StandardCharsets.UTF_8),
            flags,
            data == null ? null : cstring(data, FILE_NAMES)),
        "mount",
        (source == null ? "none" : source) + " on " + target);
  }

  /** umount2(2), with flags such as {@link #MNT_DETACH}. */
  public static void umount(Path target, int flags) throws ErrnoException {
    check(LibC.umount2(cpath(target), flags), "umount", target.toString());
  }

  /**
   * Flushes every dirty page and inode of the file system holding {@code path} to disk: one call
   * instead of an fsync per file when a whole tree must be durable.
   */
  public static void syncfs(Path path) throws ErrnoException {
    int fd = LibC.open(cpath(path), LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new ErrnoException("open", path.toString(), Native.getLastError());
    }
    try {
      check(LibC.syncfs(fd), "syncfs", path.toString());
    } finally {
      LibC.close(fd);
    }
  }

  /**
   * Creates {@code target} (which must not exist) as a reflink of regular file {@code source}: its
   * own inode sharing the source's data extents copy-on-write (the FICLONE ioctl), so writing
   * either never changes the other. Only the content is cloned; the new file is 0600. Fails with an
   * {@link ErrnoException} (EOPNOTSUPP, EXDEV, EINVAL...) where the file system cannot, leaving no
   * target behind.
   */
  public static void cloneFile(Path source, Path target) throws ErrnoException {
    int in = LibC.open(cpath(source), LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    if (in < 0) {
      throw new ErrnoException("open", source.toString(), Native.getLastError());
    }
    try {
      int out =
          LibC.open(
              cpath(target),
              LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC,
              0600);
      if (out < 0) {
        throw new ErrnoException("open", target.toString(), Native.getLastError());
      }
      int rc = LibC.ioctl(out, LibC.FICLONE, in);
      int errno = rc < 0 ? Native.getLastError() : 0;
      LibC.close(out);
      if (rc < 0) {
        try {
          java.nio.file.Files.deleteIfExists(target);
        } catch (java.io.IOException ignored) {
          // the clone error is the one to report
        }
        throw new ErrnoException("ioctl FICLONE", source + " to " + target, errno);
      }
    } finally {
      LibC.close(in);
    }
  }

  public static int getuid() {
    return LibC.getuid();
  }

  public static int geteuid() {
    return LibC.geteuid();
  }

  /** Whether this process runs as root, and so may chown, mknod and set trusted.* attributes. */
  public static boolean isRoot() {
    return LibC.geteuid() == 0;
  }

  private static void check(int rc, String call, String subject) throws ErrnoException {
    if (rc < 0) {
      throw new ErrnoException(call, subject, Native.getLastError());
    }
  }

  static byte[] cpath(Path path) {
    return cstring(path.toString(), FILE_NAMES);
  }

  private static byte[] cstring(String s, Charset charset) {
    byte[] bytes = s.getBytes(charset);
    byte[] c = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, c, 0, bytes.length);
    return c;
  }

  private static Charset fileNameCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }
}
