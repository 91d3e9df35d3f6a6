package dev.strata.exec;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The part of a run both executors share, done before the runtime starts: mount targets resolved
 * inside the rootfs, missing mount points created (and removed again by {@link #release()}), the
 * working directory created when missing, the command's executable checked, and /etc/hosts and
 * /etc/resolv.conf written into the run's directory.
 */
final class PreparedRun {
  /** Where the runtime mounts /proc, /dev and /sys: the executor needs their mount points. */
  static final List<String> SYSTEM_MOUNTS = List.of("/proc", "/dev", "/sys");

  static final String HOSTS = "/etc/hosts";
  static final String RESOLV_CONF = "/etc/resolv.conf";

  /**
   * A mount of the run in mount order.
   *
   * @param target the target resolved in the container's view (symlinks followed)
   * @param nested whether it lands inside an earlier mount, so its mount point is made by the
   *     runtime inside that mount instead of in the rootfs
   */
  record PlannedMount(MountSpec spec, String target, boolean nested) {}

  final ProcessSpec spec;
  final Path rootfs;
  final Path runDir;

  /** /proc, /dev, /sys resolved in the rootfs, in that order. */
  final List<String> systemTargets;

  /** The user's mounts, parents before children. */
  final List<PlannedMount> mounts;

  /**
   * The generated /etc/hosts and /etc/resolv.conf mounts (bind, read-only); empty if overridden.
   */
  final List<PlannedMount> etcMounts;

  /** Whether the working directory lies in a mount and may have to be made inside it. */
  final boolean cwdInMount;

  /**
   * The environment the process gets: the spec's, plus {@code HOME} when it lacks one (the user's
   * home from the rootfs's passwd, else /), which runc adds on its own and the chroot executor adds
   * to match.
   */
  final List<String> env;

  private final MountStubs stubs;

  private PreparedRun(
      ProcessSpec spec,
      Path rootfs,
      Path runDir,
      List<String> systemTargets,
      List<PlannedMount> mounts,
      List<PlannedMount> etcMounts,
      boolean cwdInMount,
      List<String> env,
      MountStubs stubs) {
    this.spec = spec;
    this.rootfs = rootfs;
    this.runDir = runDir;
    this.systemTargets = systemTargets;
    this.mounts = mounts;
    this.etcMounts = etcMounts;
    this.cwdInMount = cwdInMount;
    this.env = env;
    this.stubs = stubs;
  }

  /**
   * Prepares {@code spec} to run in {@code rootfs}, writing files into {@code runDir} (which must
   * exist and belong to this run alone).
   *
   * @throws ExecStartException when the command's executable is missing or not executable
   * @throws StrataException when the rootfs, a mount source or a mount target is unusable
   */
  static PreparedRun prepare(ProcessSpec spec, Path rootfs, Path runDir) {
    if (!rootfs.isAbsolute() || !Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
      throw new StrataException("rootfs is not a directory: " + rootfs);
    }
    MountView view = new MountView(rootfs, runDir);
    List<MountStubs.Request> requests = new ArrayList<>();
    List<String> systemTargets = new ArrayList<>();
    try {
      for (String target : SYSTEM_MOUNTS) {
        RootfsPath.Resolved r = resolveTarget(view, target);
        systemTargets.add(r.path());
        requests.add(new MountStubs.Request(r.path(), true));
        view.add(r.path(), null);
      }
      List<MountSpec> ordered = new ArrayList<>(spec.mounts());
      ordered.sort(Comparator.comparingInt(m -> depth(m.target())));
      List<PlannedMount> mounts = new ArrayList<>();
      for (MountSpec m : ordered) {
        boolean directory = true;
        if (m instanceof MountSpec.Bind b) {
          if (!Files.exists(b.source())) {
            throw new StrataException("bind mount source does not exist: " + b.source());
          }
          directory = Files.isDirectory(b.source());
        }
        PlannedMount planned = plan(view, m, m.target(), directory, requests);
        mounts.add(planned);
        view.add(planned.target(), m);
      }
      List<PlannedMount> etcMounts = new ArrayList<>();
      for (String target : List.of(HOSTS, RESOLV_CONF)) {
        if (mounts.stream().anyMatch(m -> RootfsPath.clean(m.spec().target()).equals(target))) {
          continue;
        }
        Path source = runDir.resolve(target.equals(HOSTS) ? "hosts" : "resolv.conf");
        MountSpec bind = new MountSpec.Bind(source, target, true);
        etcMounts.add(plan(view, bind, target, false, requests));
      }
      RootfsPath.Resolved cwd = RootfsPath.resolve(view, spec.cwd());
      boolean cwdInMount = cwd.unknown() || view.mountOf(cwd.path()) != null;
      if (cwd.exists() && !cwd.attributes().isDirectory()) {
        throw new StrataException("working directory " + spec.cwd() + " is not a directory");
      }
      Optional<ExecStartException> notStartable = ExecutableLookup.check(view, spec);
      if (notStartable.isPresent()) {
        throw notStartable.get();
      }
      EtcFiles.write(runDir, spec);
      for (PlannedMount m : etcMounts) {
        view.add(m.target(), m.spec());
      }
      MountStubs stubs = MountStubs.create(rootfs, requests);
      try {
        if (!cwd.exists() && !cwdInMount) {
          Files.createDirectories(RootfsPath.host(rootfs, cwd.path()));
        }
      } catch (IOException | RuntimeException e) {
        stubs.remove();
        throw e;
      }
      return new PreparedRun(
          spec,
          rootfs,
          runDir,
          List.copyOf(systemTargets),
          List.copyOf(mounts),
          List.copyOf(etcMounts),
          cwdInMount,
          withHome(spec, rootfs),
          stubs);
    } catch (FileSystemException e) {
      throw new StrataException("cannot prepare the run in " + rootfs + ": " + describe(e), e);
    } catch (IOException e) {
      throw new StrataException("cannot prepare the run in " + rootfs + ": " + e, e);
    }
  }

  private static List<String> withHome(ProcessSpec spec, Path rootfs) {
    if (spec.envValue("HOME") != null) {
      return spec.env();
    }
    String home;
    try {
      home = new UserResolver(rootfs).resolve(Long.toString(spec.user().uid())).home();
    } catch (StrataException e) {
      home = "/";
    }
    List<String> env = new ArrayList<>(spec.env());
    env.add("HOME=" + home);
    return List.copyOf(env);
  }

  private static PlannedMount plan(
      MountView view,
      MountSpec m,
      String target,
      boolean directory,
      List<MountStubs.Request> requests)
      throws IOException {
    RootfsPath.Resolved r = resolveTarget(view, target);
    boolean nested = r.unknown() || view.mountOf(r.path()) != null;
    if (!nested) {
      requests.add(new MountStubs.Request(r.path(), directory));
    }
    return new PlannedMount(m, r.path(), nested);
  }

  private static RootfsPath.Resolved resolveTarget(MountView view, String target)
      throws IOException {
    try {
      return RootfsPath.resolve(view, target);
    } catch (FileSystemException e) {
      throw new StrataException("cannot mount at " + target + ": " + describe(e), e);
    }
  }

  private static String describe(FileSystemException e) {
    String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NotDirectoryException) {
      reason = "not a directory";
    }
    return e.getFile() + ": " + reason;
  }

  private static int depth(String target) {
    String clean = RootfsPath.clean(target);
    return clean.equals("/") ? 0 : clean.split("/").length;
  }

  /** The mount points created in the rootfs for this run (host paths, in creation order). */
  List<Path> createdStubs() {
    return stubs.created();
  }

  /** Removes the mount points created in the rootfs; call after every mount of the run is gone. */
  void release() {
    stubs.remove();
  }

  /** The container's file-system view as far as it is known before the run. */
  private static final class MountView implements RootfsPath.View {
    private record Entry(String target, MountSpec spec, Path emptyDir) {}

    private final Path rootfs;
    private final Path runDir;
    private final List<Entry> entries = new ArrayList<>();

    MountView(Path rootfs, Path runDir) {
      this.rootfs = rootfs;
      this.runDir = runDir;
    }

    /** Adds a mount; {@code spec} null marks a kernel file system the view cannot see into. */
    void add(String target, MountSpec spec) throws IOException {
      Path empty = null;
      if (spec instanceof MountSpec.Tmpfs) {
        empty = Files.createDirectories(runDir.resolve("empty"));
      }
      entries.add(new Entry(target, spec, empty));
    }

    Entry mountOf(String path) {
      for (int i = entries.size() - 1; i >= 0; i--) {
        if (RootfsPath.isUnder(path, entries.get(i).target())) {
          return entries.get(i);
        }
      }
      return null;
    }

    @Override
    public Path hostPath(String inRoot) {
      Entry e = mountOf(inRoot);
      if (e == null) {
        return RootfsPath.host(rootfs, inRoot);
      }
      if (e.spec() == null) {
        return null;
      }
      String rest = inRoot.substring(e.target().length());
      if (rest.startsWith("/")) {
        rest = rest.substring(1);
      }
      Path base = e.spec() instanceof MountSpec.Bind b ? b.source() : e.emptyDir();
      return rest.isEmpty() ? base : base.resolve(rest);
    }
  }
}
