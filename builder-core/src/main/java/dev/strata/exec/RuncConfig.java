package dev.strata.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OCI runtime-spec {@code config.json} for one run, with docker's defaults: the default
 * capability set (effective only for root, as docker does for other users), the masked and
 * read-only paths, /dev as a tmpfs with the standard devices (runc creates them), device cgroup
 * rules and limits only where the host's cgroups can enforce them.
 */
final class RuncConfig {
  /** The runtime-spec version the generated config follows (what runc 1.1 implements). */
  static final String OCI_VERSION = "1.0.2";

  /** docker's default capabilities. */
  static final List<String> DEFAULT_CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  static final List<String> MASKED_PATHS =
      List.of(
          "/proc/asound",
          "/proc/acpi",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware");

  static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final ObjectMapper JSON = new ObjectMapper();

  private RuncConfig() {}

  /** The config for {@code run} on a host with {@code cgroups}. */
  static ObjectNode build(PreparedRun run, CgroupHost cgroups) {
    ProcessSpec spec = run.spec;
    ObjectNode root = JSON.createObjectNode();
    root.put("ociVersion", OCI_VERSION);
    root.set("process", process(spec, run.env));
    ObjectNode rootfs = root.putObject("root");
    rootfs.put("path", run.rootfs.toString());
    rootfs.put("readonly", spec.readOnlyRootfs());
    root.put("hostname", spec.hostname());
    root.set("mounts", mounts(run, cgroups));
    root.set("linux", linux(spec, cgroups));
    return root;
  }

  private static ObjectNode process(ProcessSpec spec, List<String> environment) {
    ObjectNode p = JSON.createObjectNode();
    p.put("terminal", false);
    ObjectNode user = p.putObject("user");
    user.put("uid", spec.user().uid());
    user.put("gid", spec.user().gid());
    if (!spec.user().additionalGids().isEmpty()) {
      ArrayNode gids = user.putArray("additionalGids");
      spec.user().additionalGids().forEach(gids::add);
    }
    ArrayNode args = p.putArray("args");
    spec.args().forEach(args::add);
    ArrayNode env = p.putArray("env");
    environment.forEach(env::add);
    p.put("cwd", spec.cwd());
    ObjectNode caps = p.putObject("capabilities");
    strings(caps.putArray("bounding"), DEFAULT_CAPABILITIES);
    if (spec.user().isRoot()) {
      strings(caps.putArray("effective"), DEFAULT_CAPABILITIES);
      strings(caps.putArray("permitted"), DEFAULT_CAPABILITIES);
    }
    ArrayNode rlimits = p.putArray("rlimits");
    for (Rlimit r : spec.rlimits()) {
      ObjectNode n = rlimits.addObject();
      n.put("type", r.type());
      n.put("hard", r.hard());
      n.put("soft", r.soft());
    }
    p.put("noNewPrivileges", false);
    return p;
  }

  private static ArrayNode mounts(PreparedRun run, CgroupHost cgroups) {
    ArrayNode m = JSON.createArrayNode();
    String proc = run.systemTargets.get(0);
    String dev = run.systemTargets.get(1);
    String sys = run.systemTargets.get(2);
    mount(m, proc, "proc", "proc", "nosuid", "noexec", "nodev");
    mount(m, dev, "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(
        m,
        dev + "/pts",
        "devpts",
        "devpts",
        "nosuid",
        "noexec",
        "newinstance",
        "ptmxmode=0666",
        "mode=0620",
        "gid=5");
    mount(m, dev + "/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(m, dev + "/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(m, sys, "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    if (cgroups.mode() != CgroupHost.Mode.NONE) {
      mount(
          m, sys + "/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
    }
    for (PreparedRun.PlannedMount pm : run.mounts) {
      addUserMount(m, pm);
    }
    for (PreparedRun.PlannedMount pm : run.etcMounts) {
      MountSpec.Bind b = (MountSpec.Bind) pm.spec();
      mount(
          m,
          pm.target(),
          "bind",
          b.source().toString(),
          "rbind",
          "ro",
          "nosuid",
          "nodev",
          "noexec");
    }
    return m;
  }

  private static void addUserMount(ArrayNode m, PreparedRun.PlannedMount pm) {
    if (pm.spec() instanceof MountSpec.Bind b) {
      if (b.readOnly()) {
        mount(m, pm.target(), "bind", b.source().toString(), "rbind", "rprivate", "ro");
      } else {
        mount(m, pm.target(), "bind", b.source().toString(), "rbind", "rprivate");
      }
    } else if (pm.spec() instanceof MountSpec.Tmpfs t) {
      String mode = "mode=" + Integer.toOctalString(t.mode());
      if (t.sizeBytes() > 0) {
        mount(m, pm.target(), "tmpfs", "tmpfs", "nosuid", "nodev", mode, "size=" + t.sizeBytes());
      } else {
        mount(m, pm.target(), "tmpfs", "tmpfs", "nosuid", "nodev", mode);
      }
    }
  }

  private static void mount(
      ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode n = mounts.addObject();
    n.put("destination", destination);
    n.put("type", type);
    n.put("source", source);
    strings(n.putArray("options"), List.of(options));
  }

  private static ObjectNode linux(ProcessSpec spec, CgroupHost cgroups) {
    ObjectNode l = JSON.createObjectNode();
    ArrayNode ns = l.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount")) {
      ns.addObject().put("type", type);
    }
    if (spec.network() == NetworkMode.NONE) {
      ns.addObject().put("type", "network");
    }
    if (cgroups.mode() == CgroupHost.Mode.V2) {
      // A private cgroup namespace, as docker gives on cgroup v2 hosts.
      ns.addObject().put("type", "cgroup");
    }
    strings(l.putArray("maskedPaths"), MASKED_PATHS);
    strings(l.putArray("readonlyPaths"), READONLY_PATHS);
    ObjectNode resources = resources(spec.resources(), cgroups);
    if (resources.size() > 0) {
      l.set("resources", resources);
    }
    return l;
  }

  private static ObjectNode resources(ResourceLimits limits, CgroupHost cgroups) {
    ObjectNode r = JSON.createObjectNode();
    if (cgroups.canRestrictDevices()) {
      // docker's rules: nothing but mknod of any device and the standard devices, which runc
      // allows on its own when it creates them.
      ArrayNode devices = r.putArray("devices");
      devices.addObject().put("allow", false).put("access", "rwm");
      devices.addObject().put("allow", true).put("type", "c").put("access", "m");
      devices.addObject().put("allow", true).put("type", "b").put("access", "m");
    }
    if (limits.memoryBytes().isPresent() && cgroups.has("memory")) {
      r.putObject("memory").put("limit", limits.memoryBytes().getAsLong());
    }
    if (limits.pidsMax().isPresent() && cgroups.has("pids")) {
      r.putObject("pids").put("limit", limits.pidsMax().getAsLong());
    }
    return r;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
