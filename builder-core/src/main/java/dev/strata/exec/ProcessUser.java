package dev.strata.exec;

import java.util.List;

/**
 * The numeric identity a process runs as: uid, primary gid and supplementary gids. Names are
 * resolved before this point, against the rootfs (see {@link UserResolver}), never the host.
 */
public record ProcessUser(long uid, long gid, List<Long> additionalGids) {
  /** Largest id accepted, as runc and docker do (2^31 - 1). */
  public static final long MAX_ID = Integer.MAX_VALUE;

  /** root:root with no supplementary groups. */
  public static final ProcessUser ROOT = new ProcessUser(0, 0, List.of());

  public ProcessUser {
    checkId("uid", uid);
    checkId("gid", gid);
    additionalGids = List.copyOf(additionalGids);
    for (long g : additionalGids) {
      checkId("additional gid", g);
    }
  }

  private static void checkId(String what, long id) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException(what + " out of range 0.." + MAX_ID + ": " + id);
    }
  }

  /** Whether this is uid 0, which keeps the container's capabilities. */
  public boolean isRoot() {
    return uid == 0;
  }
}
