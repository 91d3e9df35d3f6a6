package dev.strata.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both executors against real runc and the real unshare/chroot path, with busybox rootfs
 * directories. Every test ends by checking that the run left nothing behind: no runc state, no run
 * directories, no mounts under the test's directories.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecutorIT {
  /** docker's default capability set as a /proc/PID/status mask. */
  static final String DOCKER_CAPS = "00000000a80425fb";

  @TempDir Path tmp;

  private final Map<String, Executor> executors = new HashMap<>();

  Executor executor(String name) {
    return executors.computeIfAbsent(name, n -> Executor.named(n, tmp.resolve("state-" + n)));
  }

  Path bare() throws Exception {
    return BusyboxRootfs.bare(Files.createDirectories(tmp.resolve("rootfs")));
  }

  Path full() throws Exception {
    return BusyboxRootfs.full(Files.createDirectories(tmp.resolve("rootfs")));
  }

  static ProcessSpec.Builder spec(String... args) {
    return ProcessSpec.builder(List.of(args)).env(List.of("PATH=/bin", "HOME=/root"));
  }

  record Output(ExecResult result, String stdout, String stderr) {}

  Output run(String executor, Path rootfs, ProcessSpec spec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecResult r = executor(executor).run(spec, rootfs, ProcessIO.of(out, err));
    return new Output(r, out.toString(UTF_8), err.toString(UTF_8));
  }

  @AfterEach
  void leavesNothingBehind() throws Exception {
    List<String> mounts =
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
            .filter(l -> l.contains(tmp.toString()))
            .toList();
    assertThat(mounts).as("mounts left under %s", tmp).isEmpty();
    for (String name : executors.keySet()) {
      Path runs = tmp.resolve("state-" + name).resolve("runs");
      if (Files.isDirectory(runs)) {
        try (var s = Files.list(runs)) {
          assertThat(s.toList()).as("run directories left").isEmpty();
        }
      }
      if (executors.get(name) instanceof RuncExecutor runc && Files.isDirectory(runc.runcRoot())) {
        assertThat(runcList(runc)).as("runc containers left").isEmpty();
      }
    }
  }

  static String runcList(RuncExecutor runc) {
    HostTools.Output out =
        HostTools.run(List.of("runc", "--root", runc.runcRoot().toString(), "list", "-q"));
    assertThat(out.exitCode()).as(out.stderr()).isZero();
    return out.stdout().strip();
  }

  // ---- exit codes and signals

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void reportsTheProcessExitCode(String executor) throws Exception {
    Path rootfs = bare();
    assertThat(run(executor, rootfs, spec("true").build()).result())
        .isEqualTo(ExecResult.exited(0));
    Output three = run(executor, rootfs, spec("sh", "-c", "exit 3").build());
    assertThat(three.result().exitCode()).isEqualTo(3);
    assertThat(three.result().signal()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void killReportsSigkill(String executor) throws Exception {
    Path rootfs = bare();
    try (RunningProcess p =
        executor(executor).start(spec("sleep", "100").build(), rootfs, ProcessIO.discard())) {
      assertThat(p.pid()).isPositive();
      p.kill();
      ExecResult r = p.waitFor();
      assertThat(r.exitCode()).isEqualTo(137);
      assertThat(r.signal()).hasValue(Signals.SIGKILL);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void signalAndCloseAfterTheEndAreHarmless(String executor) throws Exception {
    RunningProcess p = executor(executor).start(spec("true").build(), bare(), ProcessIO.discard());
    assertThat(p.waitFor().exitCode()).isZero();
    assertThat(p.isDone()).isTrue();
    p.signal(Signals.SIGTERM);
    p.kill();
    p.close();
    p.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void backgroundChildrenDieWithTheProcess(String executor) throws Exception {
    long start = System.nanoTime();
    Output o = run(executor, bare(), spec("sh", "-c", "sleep 100 & echo started").build());
    assertThat(o.stdout()).isEqualTo("started\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void signalReachesTheProcess(String executor) throws Exception {
    Path rootfs = bare();
    CountDownLatch ready = new CountDownLatch(1);
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    ProcessIO io =
        ProcessIO.lines(
            l -> {
              lines.add(l);
              ready.countDown();
            },
            l -> {});
    ProcessSpec spec =
        spec(
                "sh",
                "-c",
                "trap 'echo got TERM; exit 42' TERM; echo ready; while :; do sleep 0.1; done")
            .build();
    try (RunningProcess p = executor(executor).start(spec, rootfs, io)) {
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      p.signal(Signals.SIGTERM);
      assertThat(p.waitFor().exitCode()).isEqualTo(42);
      assertThat(lines).containsExactly("ready", "got TERM");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void stopKillsAProcessThatIgnoresTheStopSignal(String executor) throws Exception {
    Path rootfs = bare();
    // sleep as pid 1 has no handler for SIGTERM, so the kernel drops it, as in docker.
    try (RunningProcess p =
        executor(executor).start(spec("sleep", "100").build(), rootfs, ProcessIO.discard())) {
      assertThat(p.pid()).isPositive();
      ExecResult r = p.stop(Signals.SIGTERM, Duration.ofMillis(500));
      assertThat(r.signal()).hasValue(Signals.SIGKILL);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void interruptKillsTheProcessAndCleansUp(String executor) throws Exception {
    Path rootfs = bare();
    Executor e = executor(executor);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                ProcessIO io = ProcessIO.lines(l -> started.countDown(), l -> {});
                e.run(spec("sh", "-c", "echo up; sleep 100").build(), rootfs, io);
              } catch (Throwable x) {
                thrown.set(x);
              }
            });
    t.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    long before = System.nanoTime();
    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
  }

  // ---- output, input, environment

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void outputStreamsLiveLineByLine(String executor) throws Exception {
    Path rootfs = bare();
    CountDownLatch first = new CountDownLatch(1);
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    List<String> err = Collections.synchronizedList(new ArrayList<>());
    ProcessIO io =
        ProcessIO.lines(
            l -> {
              out.add(l);
              first.countDown();
            },
            err::add);
    ProcessSpec spec =
        spec("sh", "-c", "echo first; echo oops >&2; sleep 8; printf second").build();
    try (RunningProcess p = executor(executor).start(spec, rootfs, io)) {
      assertThat(first.await(7, TimeUnit.SECONDS))
          .as("first line before the process ends")
          .isTrue();
      assertThat(p.isDone()).isFalse();
      assertThat(out).containsExactly("first");
      assertThat(p.waitFor().exitCode()).isZero();
      assertThat(out).containsExactly("first", "second");
      assertThat(err).containsExactly("oops");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void stdinIsFedToTheProcess(String executor) throws Exception {
    Path rootfs = bare();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProcessIO io =
        ProcessIO.of(out, OutputStream.nullOutputStream())
            .withStdin(new ByteArrayInputStream("hello\nworld\n".getBytes(UTF_8)));
    ExecResult r = executor(executor).run(spec("cat").build(), rootfs, io);
    assertThat(r.exitCode()).isZero();
    assertThat(out.toString(UTF_8)).isEqualTo("hello\nworld\n");
    // Without stdin the process reads end-of-file at once.
    assertThat(run(executor, rootfs, spec("cat").build()).stdout()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void environmentIsExactlyTheSpecs(String executor) throws Exception {
    Path rootfs = bare();
    List<String> env =
        List.of("PATH=/bin", "HOME=/root", "FOO=bar baz", "EMPTY=", "X=a=b", "Q='\"");
    Output o = run(executor, rootfs, ProcessSpec.builder(List.of("env")).env(env).build());
    assertThat(o.stdout().lines().toList()).containsExactlyInAnyOrderElementsOf(env);
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void homeIsAddedFromPasswdWhenMissing(String executor) throws Exception {
    Path rootfs = full();
    ProcessUser app = new UserResolver(rootfs).resolve("app").user();
    Output o =
        run(
            executor,
            rootfs,
            ProcessSpec.builder(List.of("env")).env(List.of("PATH=/bin")).user(app).build());
    assertThat(o.stdout().lines().toList())
        .containsExactlyInAnyOrder("PATH=/bin", "HOME=/home/app");
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void workingDirectoryIsCreatedWhenMissing(String executor) throws Exception {
    Path rootfs = bare();
    Output o = run(executor, rootfs, spec("pwd").cwd("/work/deep").build());
    assertThat(o.stdout().strip()).isEqualTo("/work/deep");
    assertThat(rootfs.resolve("work/deep")).isDirectory();
  }

  // ---- users and privileges

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void runsAsTheResolvedUser(String executor) throws Exception {
    Path rootfs = full();
    UserResolver users = new UserResolver(rootfs);
    assertThat(ids(executor, rootfs, users.resolve("app").user()))
        .isEqualTo("1000 1000 [10, 50, 1000]");
    assertThat(ids(executor, rootfs, users.resolve("1234").user())).isEqualTo("1234 0 [0]");
    assertThat(ids(executor, rootfs, users.resolve("app:staff").user())).isEqualTo("1000 50 [50]");
    assertThat(ids(executor, rootfs, users.resolve("1000:2000").user()))
        .isEqualTo("1000 2000 [2000]");
    assertThat(ids(executor, rootfs, users.resolve("").user())).isEqualTo("0 0 [0]");
    assertThatThrownBy(() -> users.resolve("nobody"))
        .isInstanceOf(StrataException.class)
        .hasMessage("unable to find user nobody: no matching entries in passwd file");
  }

  private String ids(String executor, Path rootfs, ProcessUser user) throws Exception {
    Output o = run(executor, rootfs, spec("sh", "-c", "id -u; id -g; id -G").user(user).build());
    assertThat(o.result().exitCode()).as(o.stderr()).isZero();
    List<String> lines = o.stdout().lines().toList();
    Set<Long> groups =
        Arrays.stream(lines.get(2).trim().split("\\s+"))
            .map(Long::parseLong)
            .sorted()
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return lines.get(0) + " " + lines.get(1) + " " + groups;
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void rootGetsDockersCapabilitiesAndOtherUsersNone(String executor) throws Exception {
    Path rootfs = full();
    Map<String, String> root = status(executor, rootfs, ProcessUser.ROOT);
    assertThat(root).containsEntry("CapEff", DOCKER_CAPS).containsEntry("CapBnd", DOCKER_CAPS);
    Map<String, String> app =
        status(executor, rootfs, new UserResolver(rootfs).resolve("app").user());
    assertThat(app)
        .containsEntry("CapEff", "0000000000000000")
        .containsEntry("CapBnd", DOCKER_CAPS);
  }

  private Map<String, String> status(String executor, Path rootfs, ProcessUser user)
      throws Exception {
    Output o = run(executor, rootfs, spec("cat", "/proc/self/status").user(user).build());
    Map<String, String> m = new HashMap<>();
    for (String line : o.stdout().lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        m.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void openFilesLimitIsSet(String executor) throws Exception {
    Path rootfs = bare();
    String nofile = Long.toString(Rlimit.defaultNofile().hard());
    Output o = run(executor, rootfs, spec("sh", "-c", "ulimit -Sn; ulimit -Hn").build());
    assertThat(o.stdout().lines().toList()).containsExactly(nofile, nofile);
    ProcessSpec lower =
        spec("sh", "-c", "ulimit -Sn; ulimit -Hn")
            .rlimits(List.of(new Rlimit("RLIMIT_NOFILE", 512, 1000)))
            .build();
    assertThat(run(executor, rootfs, lower).stdout().lines().toList())
        .containsExactly("512", "1000");
  }

  // ---- namespaces

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void networkNoneHasOnlyLoopbackAndItIsUp(String executor) throws Exception {
    Path rootfs = bare();
    Output o =
        run(
            executor,
            rootfs,
            spec("sh", "-c", "cat /proc/net/dev; echo ---; ip link show lo")
                .network(NetworkMode.NONE)
                .build());
    String[] parts = o.stdout().split("---\n", 2);
    assertThat(interfaces(parts[0])).containsExactly("lo");
    assertThat(parts[1]).contains("<LOOPBACK,UP");
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void networkHostSeesTheHostsInterfaces(String executor) throws Exception {
    Output o =
        run(executor, bare(), spec("cat", "/proc/net/dev").network(NetworkMode.HOST).build());
    assertThat(interfaces(o.stdout()))
        .containsExactlyInAnyOrderElementsOf(
            interfaces(Files.readString(Path.of("/proc/net/dev"))));
  }

  private static List<String> interfaces(String procNetDev) {
    return procNetDev
        .lines()
        .filter(l -> l.contains(":") && !l.contains("|"))
        .map(l -> l.substring(0, l.indexOf(':')).strip())
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void hostnameIsTheSpecs(String executor) throws Exception {
    Output o = run(executor, bare(), spec("hostname").hostname("mybox").build());
    assertThat(o.stdout().strip()).isEqualTo("mybox");
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void processIsPidOneOfItsOwnPidNamespace(String executor) throws Exception {
    Output o =
        run(executor, bare(), spec("sh", "-c", "echo $$; ls /proc | grep -c '^[0-9]'").build());
    List<String> lines = o.stdout().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("1");
    // sh, ls and grep at most: no host process is visible. ls may read /proc before grep exists.
    assertThat(Integer.parseInt(lines.get(1))).isBetween(2, 3);
  }

  // ---- /etc files and mounts
  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void kernelPathsAreMaskedAndReadOnlyLikeDocker(String executor) throws Exception {
    Output o =
        run(
            executor,
            bare(),
            spec(
                    "sh",
                    "-c",
                    "cat /proc/keys /proc/timer_list | wc -c; ls /sys/firmware | wc -l;"
                        + " echo x > /proc/sys/kernel/domainname && echo writable")
                .build());
    assertThat(o.stdout().lines().map(String::strip).toList()).containsExactly("0", "0");
    assertThat(o.stderr()).contains("Read-only file system");
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void etcHostsAndResolvConfAreVisibleButNotLeftInTheRootfs(String executor) throws Exception {
    Path rootfs = full();
    ProcessSpec spec =
        spec("sh", "-c", "cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo x >> /etc/hosts")
            .hostname("mybox")
            .extraHosts(List.of(new HostEntry("db", "10.1.2.3")))
            .build();
    Output o = run(executor, rootfs, spec);
    String[] parts = o.stdout().split("---\n", 2);
    assertThat(parts[0])
        .contains("127.0.0.1\tlocalhost\n")
        .contains("::1\tlocalhost ip6-localhost ip6-loopback\n")
        .contains("127.0.0.1\tmybox\n")
        .contains("10.1.2.3\tdb\n");
    assertThat(parts[1])
        .isEqualTo(new String(EtcFiles.resolvConf(EtcFiles.HOST_RESOLV_CONF), UTF_8));
    assertThat(o.result().exitCode()).as("/etc/hosts is read-only").isNotZero();
    assertThat(rootfs.resolve("etc/hosts")).doesNotExist();
    assertThat(rootfs.resolve("etc/resolv.conf")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void existingEtcHostsIsHiddenNotChanged(String executor) throws Exception {
    Path rootfs = full();
    Files.writeString(rootfs.resolve("etc/hosts"), "1.2.3.4 image-entry\n");
    Output o = run(executor, rootfs, spec("cat", "/etc/hosts").build());
    assertThat(o.stdout()).contains("localhost").doesNotContain("image-entry");
    assertThat(rootfs.resolve("etc/hosts")).hasContent("1.2.3.4 image-entry");
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void readOnlyBindMountRefusesWrites(String executor) throws Exception {
    Path rootfs = bare();
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("in"), "hello");
    ProcessSpec spec =
        spec("sh", "-c", "cat /data/in; echo x > /data/new")
            .mount(new MountSpec.Bind(data, "/data", true))
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.stdout()).isEqualTo("hello");
    assertThat(o.result().exitCode()).isNotZero();
    assertThat(o.stderr()).contains("Read-only file system");
    assertThat(data.resolve("new")).doesNotExist();
    assertThat(rootfs.resolve("data")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void writableBindMountsOfDirectoriesAndFiles(String executor) throws Exception {
    Path rootfs = full();
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path conf = Files.writeString(tmp.resolve("app.conf"), "key=value\n");
    ProcessSpec spec =
        spec("sh", "-c", "echo x > /data/new && cat /opt/app/app.conf")
            .mount(new MountSpec.Bind(data, "/data", false))
            .mount(new MountSpec.Bind(conf, "/opt/app/app.conf", true))
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.result().exitCode()).as(o.stderr()).isZero();
    assertThat(o.stdout()).isEqualTo("key=value\n");
    assertThat(data.resolve("new")).hasContent("x");
    assertThat(rootfs.resolve("opt")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void tmpfsMountIsFreshAndGoesAway(String executor) throws Exception {
    Path rootfs = bare();
    ProcessSpec spec =
        spec("sh", "-c", "echo x > /scratch/f && cat /scratch/f && grep ' /scratch ' /proc/mounts")
            .mount(new MountSpec.Tmpfs("/scratch", 1024 * 1024))
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.result().exitCode()).as(o.stderr()).isZero();
    assertThat(o.stdout()).startsWith("x\ntmpfs /scratch tmpfs ").contains("size=1024k");
    assertThat(rootfs.resolve("scratch")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void mountInsideAnotherMountLandsInIt(String executor) throws Exception {
    Path rootfs = bare();
    Path src = Files.createDirectories(tmp.resolve("src"));
    ProcessSpec spec =
        spec("sh", "-c", "echo x > /src/cache/f && echo y > /src/g")
            .mount(new MountSpec.Tmpfs("/src/cache", 0))
            .mount(new MountSpec.Bind(src, "/src", false))
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.result().exitCode()).as(o.stderr()).isZero();
    assertThat(src.resolve("g")).hasContent("y");
    assertThat(src.resolve("cache/f")).doesNotExist();
    assertThat(rootfs.resolve("src")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void mountTargetThroughASymlinkStaysInTheRootfs(String executor) throws Exception {
    Path rootfs = bare();
    Path escape = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(rootfs.resolve("link"), escape);
    ProcessSpec spec =
        spec("sh", "-c", "grep ' " + escape + " ' /proc/mounts")
            .mount(new MountSpec.Tmpfs("/link", 0))
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.stdout()).startsWith("tmpfs " + escape + " tmpfs ");
    assertThat(rootfs.resolve(escape.toString().substring(1))).doesNotExist();
    assertThat(escape).isEmptyDirectory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void readOnlyRootfsRefusesWritesOutsideMounts(String executor) throws Exception {
    Path rootfs = bare();
    ProcessSpec spec =
        spec("sh", "-c", "touch /scratch/ok && touch /newfile")
            .mount(new MountSpec.Tmpfs("/scratch", 0))
            .readOnlyRootfs(true)
            .build();
    Output o = run(executor, rootfs, spec);
    assertThat(o.result().exitCode()).isNotZero();
    assertThat(o.stderr()).contains("Read-only file system").doesNotContain("/scratch/ok");
    assertThat(rootfs.resolve("newfile")).doesNotExist();
  }

  // ---- commands that cannot start

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void missingCommandIs127(String executor) throws Exception {
    Path rootfs = bare();
    assertThatThrownBy(() -> run(executor, rootfs, spec("nosuch", "arg").build()))
        .isInstanceOfSatisfying(
            ExecStartException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ExecStartException.Reason.NOT_FOUND);
              assertThat(e.exitCode()).isEqualTo(127);
            })
        .hasMessageContaining("exec: \"nosuch\": executable file not found in $PATH");
    assertThatThrownBy(() -> run(executor, rootfs, spec("/bin/nosuch").build()))
        .isInstanceOfSatisfying(
            ExecStartException.class, e -> assertThat(e.exitCode()).isEqualTo(127));
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void nonExecutableCommandIs126(String executor) throws Exception {
    Path rootfs = bare();
    Files.writeString(rootfs.resolve("bin/script"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        rootfs.resolve("bin/script"), PosixFilePermissions.fromString("rw-r--r--"));
    for (String cmd : List.of("/bin/script", "/bin")) {
      assertThatThrownBy(() -> run(executor, rootfs, spec(cmd).build()))
          .isInstanceOfSatisfying(
              ExecStartException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ExecStartException.Reason.NOT_EXECUTABLE);
                assertThat(e.exitCode()).isEqualTo(126);
              });
    }
    // Found by PATH search only when executable, as Go's LookPath (and so runc) does.
    assertThatThrownBy(() -> run(executor, rootfs, spec("script").build()))
        .isInstanceOfSatisfying(
            ExecStartException.class, e -> assertThat(e.exitCode()).isEqualTo(127));
  }

  @Test
  void runcErrorsForCommandsThePreCheckCannotSeeAreMapped() throws Exception {
    Path rootfs = bare();
    // /proc is the kernel's: only runc, inside the container, can tell it lacks the file.
    assertThatThrownBy(() -> run("runc", rootfs, spec("/proc/nosuch").build()))
        .isInstanceOfSatisfying(
            ExecStartException.class,
            e -> assertThat(e.reason()).isEqualTo(ExecStartException.Reason.NOT_FOUND))
        .hasMessageContaining("/proc/nosuch");
  }

  @Test
  void chrootReportsUnseenMissingCommandsWithExitCode127() throws Exception {
    Output o = run("chroot", bare(), spec("/proc/nosuch").build());
    assertThat(o.result().exitCode()).isEqualTo(127);
  }

  // ---- limits (runc only: the chroot executor has no cgroups)

  @Test
  void runcAppliesPidsAndMemoryLimitsWhereTheHostHasTheControllers() throws Exception {
    CgroupHost host = CgroupHost.detect();
    ProcessSpec spec =
        spec(
                "sh",
                "-c",
                "cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max"
                    + " /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max"
                    + " 2>/dev/null; true")
            .resources(new ResourceLimits(OptionalLong.of(64L << 20), OptionalLong.of(64)))
            .build();
    Output o = run("runc", bare(), spec);
    List<String> lines = o.stdout().lines().toList();
    List<String> expected = new ArrayList<>();
    if (host.has("pids")) {
      expected.add("64");
    }
    if (host.has("memory")) {
      expected.add(Long.toString(64L << 20));
    }
    assertThat(lines).containsExactlyElementsOf(expected);
  }

  // ---- traces

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void noOpRunLeavesABareRootfsByteIdentical(String executor) throws Exception {
    Path rootfs = bare();
    Path data = Files.createDirectories(tmp.resolve("data"));
    Map<String, String> before = RootfsSnapshot.of(rootfs);
    ProcessSpec spec =
        spec("true")
            .network(NetworkMode.NONE)
            .mount(new MountSpec.Bind(data, "/mnt/data", true))
            .mount(new MountSpec.Tmpfs("/tmp", 0))
            .build();
    assertThat(run(executor, rootfs, spec).result().exitCode()).isZero();
    assertThat(
            run(executor, rootfs, spec.toBuilder().readOnlyRootfs(true).build())
                .result()
                .exitCode())
        .isZero();
    assertThat(RootfsSnapshot.of(rootfs)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void runLeavesOnlyWhatTheCommandWrote(String executor) throws Exception {
    Path rootfs = full();
    Map<String, String> before = RootfsSnapshot.of(rootfs);
    Output o =
        run(
            executor,
            rootfs,
            spec("sh", "-c", "echo hi > /root/file").mount(new MountSpec.Tmpfs("/run", 0)).build());
    assertThat(o.result().exitCode()).as(o.stderr()).isZero();
    Map<String, String> after = RootfsSnapshot.of(rootfs);
    Map<String, String> changed = new HashMap<>(after);
    changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
    assertThat(changed.keySet()).containsExactlyInAnyOrder("/root", "/root/file");
    assertThat(before.keySet()).allMatch(after::containsKey);
  }

  @ParameterizedTest
  @ValueSource(strings = {"runc", "chroot"})
  void reportsItsNameAndVersion(String executor) {
    Executor e = executor(executor);
    assertThat(e.name()).isEqualTo(executor);
    assertThat(e.version()).matches("[0-9]+\\.[0-9]+.*");
  }
}
