package dev.strata.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shell script the chroot executor runs as pid 1 of the new namespaces: it mounts what runc
 * would (proc, a /dev tmpfs with the standard devices, devpts, shm, mqueue, read-only sysfs,
 * docker's masked and read-only paths), the run's own mounts and /etc files, sets the hostname and
 * brings up loopback, then replaces itself with the process: setpriv sets the group ids and
 * capability bounding set, prlimit the rlimits, env the exact environment, and unshare chroots,
 * changes directory and sets the uid.
 *
 * <p>Until that last exec its standard error goes to the run's error file (fd 2) while the
 * process's own stderr waits on fd 3, so a failure to set up is told apart from the process's
 * output; such failures exit 125 after a line starting with {@link #FAILURE_MARK}.
 */
final class ChrootScript {
  static final String FAILURE_MARK = "strata-setup:";

  /** Host tools the script calls, by absolute path. */
  record Tools(
      String mount,
      String mknod,
      String ip,
      String setpriv,
      String prlimit,
      String env,
      String unshare) {}

  private ChrootScript() {}

  static String render(PreparedRun run, Tools tools) {
    ProcessSpec spec = run.spec;
    List<String> s = new ArrayList<>();
    s.add("set -u");
    s.add("fail() { echo \"" + FAILURE_MARK + " $*\" >&2; exit 125; }");
    s.add("R=" + q(run.rootfs.toString()));
    String mount = q(tools.mount());
    s.add(mount + " --bind \"$R\" \"$R\" || fail 'cannot bind the rootfs'");
    String proc = root(run.systemTargets.get(0));
    String dev = root(run.systemTargets.get(1));
    String sys = root(run.systemTargets.get(2));
    s.add(mount + " -t proc -o nosuid,noexec,nodev proc " + proc + " || fail 'cannot mount /proc'");
    s.add(
        mount
            + " -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs "
            + dev
            + " || fail 'cannot mount /dev'");
    String[][] devices = {
      {"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"},
      {"random", "1", "8"}, {"urandom", "1", "9"}, {"tty", "5", "0"}
    };
    for (String[] d : devices) {
      s.add(
          q(tools.mknod())
              + " -m 666 "
              + dev
              + "/"
              + d[0]
              + " c "
              + d[1]
              + " "
              + d[2]
              + " || fail 'cannot create /dev/"
              + d[0]
              + "'");
    }
    s.add("ln -s /proc/self/fd " + dev + "/fd");
    s.add("ln -s /proc/self/fd/0 " + dev + "/stdin");
    s.add("ln -s /proc/self/fd/1 " + dev + "/stdout");
    s.add("ln -s /proc/self/fd/2 " + dev + "/stderr");
    s.add("ln -s pts/ptmx " + dev + "/ptmx");
    s.add(
        "mkdir " + dev + "/pts " + dev + "/shm " + dev + "/mqueue || fail 'cannot populate /dev'");
    s.add(
        mount
            + " -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "
            + dev
            + "/pts || fail 'cannot mount /dev/pts'");
    s.add(
        mount
            + " -t tmpfs -o nosuid,noexec,nodev,mode=1777,size=65536k shm "
            + dev
            + "/shm || fail 'cannot mount /dev/shm'");
    s.add(
        mount
            + " -t mqueue -o nosuid,noexec,nodev mqueue "
            + dev
            + "/mqueue || fail 'cannot mount /dev/mqueue'");
    s.add(
        mount
            + " -t sysfs -o ro,nosuid,noexec,nodev sysfs "
            + sys
            + " || fail 'cannot mount /sys'");
    for (String p : RuncConfig.MASKED_PATHS) {
      String t = root(p);
      s.add(
          "if [ -d "
              + t
              + " ]; then "
              + mount
              + " -t tmpfs -o ro,nosuid,nodev,noexec tmpfs "
              + t
              + " || fail 'cannot mask "
              + p
              + "'; elif [ -e "
              + t
              + " ]; then "
              + mount
              + " --bind /dev/null "
              + t
              + " || fail 'cannot mask "
              + p
              + "'; fi");
    }
    for (String p : RuncConfig.READONLY_PATHS) {
      String t = root(p);
      s.add(
          "if [ -e "
              + t
              + " ]; then "
              + mount
              + " --bind "
              + t
              + " "
              + t
              + " && "
              + mount
              + " -o remount,bind,ro "
              + t
              + " || fail 'cannot make "
              + p
              + " read-only'; fi");
    }
    for (PreparedRun.PlannedMount m : run.mounts) {
      addMount(s, m, mount);
    }
    for (PreparedRun.PlannedMount m : run.etcMounts) {
      addMount(s, m, mount);
    }
    if (run.cwdInMount) {
      s.add("mkdir -p " + root(spec.cwd()) + " 2>/dev/null");
    }
    if (spec.readOnlyRootfs()) {
      s.add(mount + " -o remount,bind,ro \"$R\" || fail 'cannot make the rootfs read-only'");
    }
    s.add(
        "printf '%s' "
            + q(spec.hostname())
            + " > /proc/sys/kernel/hostname || fail 'cannot set the hostname'");
    if (spec.network() == NetworkMode.NONE) {
      s.add(q(tools.ip()) + " link set lo up || fail 'cannot bring up loopback'");
    }
    s.add("exec 2>&3 3>&- " + String.join(" ", processCommand(spec, run.env, tools)));
    return String.join("\n", s) + "\n";
  }

  private static void addMount(List<String> s, PreparedRun.PlannedMount m, String mount) {
    String t = root(m.target());
    String what = q(m.spec().target());
    if (m.spec() instanceof MountSpec.Bind b) {
      if (m.nested()) {
        // Inside an earlier mount: its mount point is made there, as runc does.
        if (java.nio.file.Files.isDirectory(b.source())) {
          s.add("mkdir -p " + t);
        } else {
          s.add("mkdir -p \"$(dirname " + t + ")\" && touch " + t);
        }
      }
      s.add(
          mount
              + " --rbind "
              + q(b.source().toString())
              + " "
              + t
              + " && "
              + mount
              + " --make-rprivate "
              + t
              + " || fail 'cannot bind-mount at '"
              + what);
      if (b.readOnly()) {
        s.add(
            mount
                + " -o remount,bind,ro,nosuid,nodev "
                + t
                + " || fail 'cannot make read-only: '"
                + what);
      }
    } else if (m.spec() instanceof MountSpec.Tmpfs tmpfs) {
      if (m.nested()) {
        s.add("mkdir -p " + t);
      }
      String options = "nosuid,nodev,mode=" + Integer.toOctalString(tmpfs.mode());
      if (tmpfs.sizeBytes() > 0) {
        options += ",size=" + tmpfs.sizeBytes();
      }
      s.add(
          mount
              + " -t tmpfs -o "
              + options
              + " tmpfs "
              + t
              + " || fail 'cannot mount tmpfs at '"
              + what);
    }
  }

  /** setpriv, prlimit, env and unshare, each exec'ing the next, ending in the process. */
  static List<String> processCommand(ProcessSpec spec, List<String> env, Tools tools) {
    List<String> c = new ArrayList<>();
    ProcessUser user = spec.user();
    c.add(q(tools.setpriv()));
    c.add("--regid");
    c.add(Long.toString(user.gid()));
    if (user.additionalGids().isEmpty()) {
      c.add("--clear-groups");
    } else {
      c.add("--groups");
      c.add(String.join(",", user.additionalGids().stream().map(String::valueOf).toList()));
    }
    StringBuilder bounding = new StringBuilder("-all");
    for (String cap : RuncConfig.DEFAULT_CAPABILITIES) {
      bounding.append(",+").append(cap.substring("CAP_".length()).toLowerCase(Locale.ROOT));
    }
    c.add("--bounding-set");
    c.add(bounding.toString());
    c.add("--inh-caps");
    c.add("-all");
    c.add("--");
    if (!spec.rlimits().isEmpty()) {
      c.add(q(tools.prlimit()));
      for (Rlimit r : spec.rlimits()) {
        c.add("--" + r.prlimitName() + "=" + r.soft() + ":" + r.hard());
      }
      c.add("--");
    }
    c.add(q(tools.env()));
    c.add("-i");
    c.add("--");
    for (String e : env) {
      c.add(q(e));
    }
    c.add(q(tools.unshare()));
    c.add("--root");
    c.add("\"$R\"");
    c.add("--wd");
    c.add(q(spec.cwd()));
    if (user.uid() != 0) {
      c.add("--setuid");
      c.add(Long.toString(user.uid()));
    }
    c.add("--");
    for (String a : spec.args()) {
      c.add(q(a));
    }
    return c;
  }

  /** The shell word for {@code inRoot} under the rootfs ({@code "$R"/...}). */
  private static String root(String inRoot) {
    String clean = RootfsPath.clean(inRoot);
    return clean.equals("/") ? "\"$R\"" : "\"$R\"" + q(clean);
  }

  /** {@code s} single-quoted for the shell. */
  static String q(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
