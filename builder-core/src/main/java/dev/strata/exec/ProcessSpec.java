package dev.strata.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything an executor needs to run one process in a rootfs: the command, its exact environment,
 * working directory, user, hostname, network, mounts and limits. Immutable; build one with {@link
 * #builder(List)}.
 *
 * <p>The process sees exactly {@code env} (entries {@code KEY=VALUE}), never strata's own
 * environment; only {@code HOME} is added when missing (the user's home from the rootfs's passwd,
 * else /), as runc and docker do. A missing {@code PATH} is not filled in. The executor generates
 * {@code /etc/hosts} (localhost, the hostname, {@code extraHosts}) and {@code /etc/resolv.conf}
 * (the host's) and binds them read-only without writing into the rootfs, unless a mount targets
 * them.
 *
 * @param cwd absolute path inside the rootfs; created (root-owned, 0755) when missing, as docker
 *     and BuildKit do
 * @param hostname the UTS hostname, 1..63 characters of letters, digits, '-', '_' and '.'
 */
public record ProcessSpec(
    List<String> args,
    List<String> env,
    String cwd,
    ProcessUser user,
    String hostname,
    NetworkMode network,
    List<MountSpec> mounts,
    boolean readOnlyRootfs,
    List<HostEntry> extraHosts,
    List<Rlimit> rlimits,
    ResourceLimits resources) {

  /** The hostname used when none is given. */
  public static final String DEFAULT_HOSTNAME = "strata";

  public ProcessSpec {
    args = List.copyOf(args);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
    extraHosts = List.copyOf(extraHosts);
    rlimits = List.copyOf(rlimits);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(resources, "resources");
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("a process needs a command");
    }
    for (String a : args) {
      if (a.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("argument contains NUL: " + a);
      }
    }
    for (String e : env) {
      int eq = e.indexOf('=');
      if (eq <= 0 || e.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("environment entry is not KEY=VALUE: \"" + e + "\"");
      }
    }
    if (!cwd.startsWith("/") || cwd.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("working directory must be absolute: " + cwd);
    }
    if (!hostname.matches("[A-Za-z0-9_.-]{1,63}")) {
      throw new IllegalArgumentException("invalid hostname: \"" + hostname + "\"");
    }
    for (MountSpec m : mounts) {
      if (RootfsPath.clean(m.target()).equals("/")) {
        throw new IllegalArgumentException("cannot mount over the root directory");
      }
    }
  }

  /** A builder for {@code args} with the defaults: no env, cwd /, root, host network. */
  public static Builder builder(List<String> args) {
    return new Builder(args);
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(args);
    b.env = new ArrayList<>(env);
    b.cwd = cwd;
    b.user = user;
    b.hostname = hostname;
    b.network = network;
    b.mounts = new ArrayList<>(mounts);
    b.readOnlyRootfs = readOnlyRootfs;
    b.extraHosts = new ArrayList<>(extraHosts);
    b.rlimits = new ArrayList<>(rlimits);
    b.resources = resources;
    return b;
  }

  /** The value of {@code key} in {@link #env()}, the last one winning, or null. */
  public String envValue(String key) {
    String found = null;
    for (String e : env) {
      if (e.startsWith(key + "=")) {
        found = e.substring(key.length() + 1);
      }
    }
    return found;
  }

  /** Builds a {@link ProcessSpec}; every setter replaces the previous value. */
  public static final class Builder {
    private final List<String> args;
    private List<String> env = new ArrayList<>();
    private String cwd = "/";
    private ProcessUser user = ProcessUser.ROOT;
    private String hostname = DEFAULT_HOSTNAME;
    private NetworkMode network = NetworkMode.HOST;
    private List<MountSpec> mounts = new ArrayList<>();
    private boolean readOnlyRootfs;
    private List<HostEntry> extraHosts = new ArrayList<>();
    private List<Rlimit> rlimits = new ArrayList<>(List.of(Rlimit.defaultNofile()));
    private ResourceLimits resources = ResourceLimits.NONE;

    private Builder(List<String> args) {
      this.args = List.copyOf(args);
    }

    public Builder env(List<String> env) {
      this.env = new ArrayList<>(env);
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    public Builder user(ProcessUser user) {
      this.user = user;
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder network(NetworkMode network) {
      this.network = network;
      return this;
    }

    public Builder mounts(List<MountSpec> mounts) {
      this.mounts = new ArrayList<>(mounts);
      return this;
    }

    public Builder mount(MountSpec mount) {
      this.mounts.add(mount);
      return this;
    }

    public Builder readOnlyRootfs(boolean readOnlyRootfs) {
      this.readOnlyRootfs = readOnlyRootfs;
      return this;
    }

    public Builder extraHosts(List<HostEntry> extraHosts) {
      this.extraHosts = new ArrayList<>(extraHosts);
      return this;
    }

    public Builder rlimits(List<Rlimit> rlimits) {
      this.rlimits = new ArrayList<>(rlimits);
      return this;
    }

    public Builder resources(ResourceLimits resources) {
      this.resources = resources;
      return this;
    }

    public ProcessSpec build() {
      return new ProcessSpec(
          args,
          env,
          cwd,
          user,
          hostname,
          network,
          mounts,
          readOnlyRootfs,
          extraHosts,
          rlimits,
          resources);
    }
  }
}
