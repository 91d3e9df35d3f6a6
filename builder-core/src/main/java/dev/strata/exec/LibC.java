package dev.strata.exec;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few system calls this package needs that the JDK lacks. */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  boolean ARM64 = System.getProperty("os.arch").equals("aarch64");

  int O_RDONLY = 0;
  int O_NONBLOCK = 04000;
  int O_DIRECTORY = ARM64 ? 040000 : 0200000;
  int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
  int O_CLOEXEC = 02000000;

  int ENOENT = 2;
  int ESRCH = 3;
  int ENOTDIR = 20;
  int ELOOP = 40;

  int open(String path, int flags) throws LastErrorException;

  int openat(int dirfd, String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  int kill(int pid, int signal) throws LastErrorException;
}
