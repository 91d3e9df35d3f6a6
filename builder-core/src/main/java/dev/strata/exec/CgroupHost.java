package dev.strata.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the host's cgroups are set up, read from its mount table the way runc decides: cgroup v2 when
 * {@code /sys/fs/cgroup} is a cgroup2 mount, v1 when controllers are mounted one by one, none when
 * there are no cgroups at all. Tells which limits can be asked of runc without it failing.
 */
record CgroupHost(Mode mode, Set<String> controllers) {
  enum Mode {
    V1,
    V2,
    NONE
  }

  CgroupHost {
    controllers = Set.copyOf(controllers);
  }

  /** The host's setup, read from /proc/self/mountinfo and /sys/fs/cgroup. */
  static CgroupHost detect() {
    try {
      List<String> mountinfo = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      String v2Controllers = null;
      Path controllersFile = Path.of("/sys/fs/cgroup/cgroup.controllers");
      if (Files.isReadable(controllersFile)) {
        v2Controllers = Files.readString(controllersFile);
      }
      return parse(mountinfo, v2Controllers);
    } catch (IOException e) {
      return new CgroupHost(Mode.NONE, Set.of());
    }
  }

  /** The setup described by mount-table lines and, on v2, the root's cgroup.controllers. */
  static CgroupHost parse(List<String> mountinfo, String v2Controllers) {
    Set<String> v1 = new HashSet<>();
    boolean unified = false;
    for (String line : mountinfo) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      String mountPoint = left[4];
      String fsType = right[0];
      if (fsType.equals("cgroup2") && mountPoint.equals("/sys/fs/cgroup")) {
        unified = true;
      } else if (fsType.equals("cgroup")) {
        for (String option : right[2].split(",")) {
          if (!option.equals("rw") && !option.equals("ro") && !option.contains("=")) {
            v1.add(option);
          }
        }
      }
    }
    if (unified) {
      Set<String> c = new HashSet<>();
      if (v2Controllers != null) {
        c.addAll(Arrays.asList(v2Controllers.trim().split("\\s+")));
        c.remove("");
      }
      return new CgroupHost(Mode.V2, c);
    }
    if (!v1.isEmpty()) {
      return new CgroupHost(Mode.V1, v1);
    }
    return new CgroupHost(Mode.NONE, Set.of());
  }

  /** Whether the controller is there to enforce a limit. */
  boolean has(String controller) {
    return controllers.contains(controller);
  }

  /** Whether device rules can be enforced: the devices controller on v1, eBPF on v2. */
  boolean canRestrictDevices() {
    return mode == Mode.V2 || has("devices");
  }
}
