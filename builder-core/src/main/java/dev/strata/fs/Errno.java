package dev.strata.fs;

/** The Linux errno values strata reacts to, and their text. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int ERANGE = 34;
  public static final int ELOOP = 40;
  public static final int ENODATA = 61;
  public static final int ENOTSUP = 95;

  private Errno() {}

  /** The C library's text for {@code errno}, such as "No such file or directory". */
  public static String describe(int errno) {
    try {
      String text = LibC.strerror(errno);
      return text == null ? "error " + errno : text;
    } catch (UnsatisfiedLinkError e) {
      return "error " + errno;
    }
  }
}
