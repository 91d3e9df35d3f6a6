package dev.strata.fs;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Direct JNA bindings to the C library for the calls the JDK lacks. Package-private: callers use
 * {@link Syscalls}, which turns -1 returns into {@link ErrnoException}s. Strings go in as
 * NUL-terminated bytes in the encoding the JDK uses for file names, so that a path means the same
 * file here as in {@code java.nio.file}.
 */
final class LibC {
  static {
    Native.register(LibC.class, Platform.C_LIBRARY_NAME);
  }

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;

  private LibC() {}

  static native int symlink(byte[] target, byte[] linkpath);

  static native long readlink(byte[] path, byte[] buf, long size);

  static native int mknod(byte[] path, int mode, long dev);

  static native int lchown(byte[] path, int uid, int gid);

  static native int fchmodat(int dirfd, byte[] path, int mode, int flags);

  /** {@code times} is two struct timespec: {atime sec, atime nsec, mtime sec, mtime nsec}. */
  static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

  static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

  static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

  static native long llistxattr(byte[] path, byte[] list, long size);

  static native int lremovexattr(byte[] path, byte[] name);

  static native int mount(byte[] source, byte[] target, byte[] fstype, long flags, byte[] data);

  static native int umount2(byte[] target, int flags);

  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_NOFOLLOW = 0400000;
  static final int O_CLOEXEC = 02000000;

  /** {@code _IOW(0x94, 9, int)}: make the destination file share the source's extents. */
  static final long FICLONE = 0x40049409L;

  static native int open(byte[] path, int flags, int mode);

  static native int close(int fd);

  static native int syncfs(int fd);

  static native int ioctl(int fd, long request, long arg);

  static native int getuid();

  static native int geteuid();

  static native String strerror(int errnum);
}
