package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata run}, {@code ps} and {@code rm} through the command line, with real runc. */
class ContainerCommandsIT {
  private static final Path TESTDATA = Path.of("../testdata").toAbsolutePath().normalize();

  @TempDir Path dir;
  String root;

  @BeforeEach
  void buildBase() throws IOException {
    root = dir.resolve("store").toString();
    Path base = dir.resolve("base");
    try (Stream<Path> paths = Files.walk(TESTDATA.resolve("base/busybox"))) {
      for (Path p : paths.toList()) {
        Path target = base.resolve(TESTDATA.resolve("base/busybox").relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    Files.copy(
        Path.of("/bin/busybox"),
        base.resolve("busybox"),
        StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    CliRun run = CliRun.of("--root", root, "build", "-q", "-t", "strata/busybox", base.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void runAttachesOutputAndExitsWithTheCommandsCode() {
    CliRun run =
        CliRun.of(
            "--root",
            root,
            "run",
            "--rm",
            "-e",
            "GREETING=hé",
            "strata/busybox",
            "sh",
            "-c",
            "echo $GREETING; echo oops >&2; exit 7");
    assertThat(run.exitCode()).isEqualTo(7);
    assertThat(run.out()).isEqualTo("hé\n");
    assertThat(run.err()).isEqualTo("oops\n");
    assertThat(CliRun.of("--root", root, "ps", "-a", "-q").out()).isEmpty();
  }

  @Test
  void runExitCodesFollowDocker() {
    assertThat(CliRun.of("--root", root, "run", "--rm", "strata/busybox", "/nope").exitCode())
        .isEqualTo(127);
    assertThat(CliRun.of("--root", root, "run", "--rm", "strata/busybox", "/etc/passwd").exitCode())
        .isEqualTo(126);
    CliRun missing = CliRun.of("--root", root, "run", "no-such-image");
    assertThat(missing.exitCode()).isEqualTo(125);
    assertThat(missing.err()).startsWith("error: ").contains("no-such-image").hasLineCount(1);
  }

  @Test
  void psListsStoppedContainersWithAllAndRmRemovesThemByNameOrIdPrefix() {
    assertThat(
            CliRun.of("--root", root, "run", "--name", "one", "strata/busybox", "true").exitCode())
        .isZero();
    assertThat(
            CliRun.of("--root", root, "run", "--name", "two", "strata/busybox", "false").exitCode())
        .isEqualTo(1);
    CliRun taken = CliRun.of("--root", root, "run", "--name", "one", "strata/busybox", "true");
    assertThat(taken.exitCode()).isEqualTo(125);
    assertThat(taken.err()).contains("\"one\" is already in use");
    assertThat(CliRun.of("--root", root, "ps").out().lines()).hasSize(1);
    CliRun ps = CliRun.of("--root", root, "ps", "-a");
    assertThat(ps.out())
        .contains("Exited (0)")
        .contains("Exited (1)")
        .contains("one")
        .contains("two");
    String twoId =
        ps.out().lines().filter(l -> l.endsWith("two")).findFirst().orElseThrow().substring(0, 12);
    CliRun rm = CliRun.of("--root", root, "rm", "one", twoId.substring(0, 8), "three");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.err()).isEqualTo("error: no such container: three\n");
    assertThat(CliRun.of("--root", root, "ps", "-a", "-q").out()).isEmpty();
  }

  @Test
  void diffAndCommitRoundTripThroughTheCommandLine() {
    CliRun run =
        CliRun.of(
            "--root",
            root,
            "run",
            "--name",
            "w",
            "--storage-driver",
            "vfs",
            "strata/busybox",
            "sh",
            "-c",
            "echo hello > /greeting");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(CliRun.of("--root", root, "diff", "w").out()).isEqualTo("A /greeting\n");
    CliRun commit =
        CliRun.of(
            "--root", root, "commit", "-m", "greet", "-c", "CMD cat /greeting", "w", "greeter");
    assertThat(commit.exitCode()).as(commit.err()).isZero();
    assertThat(commit.out().strip()).matches("sha256:[0-9a-f]{64}");
    CliRun again = CliRun.of("--root", root, "run", "--rm", "greeter");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("hello\n");
    CliRun inspect = CliRun.of("--root", root, "container", "inspect", "w");
    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("\"Name\" : \"/w\"")
        .contains("\"Status\" : \"exited\"")
        .contains("\"Name\" : \"vfs\"")
        .contains("\"Config\"");
    CliRun missing = CliRun.of("--root", root, "diff", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("error: no such container: nope\n");
  }

  @Test
  void detachedRunLogsStopStartAndKillThroughTheCommandLine() throws Exception {
    CliRun run =
        CliRun.of(
            "--root",
            root,
            "run",
            "-d",
            "--name",
            "bg",
            "strata/busybox",
            "sh",
            "-c",
            "echo hi; exec sleep 300");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.out().strip();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(CliRun.of("--root", root, "ps", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!CliRun.of("--root", root, "logs", "bg").out().equals("hi\n")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(CliRun.of("--root", root, "logs", "bg").out()).isEqualTo("hi\n");
    CliRun rm = CliRun.of("--root", root, "rm", "bg");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.err()).contains("stop it first or use rm -f");
    assertThat(CliRun.of("--root", root, "stop", "-t", "1", "bg").exitCode()).isZero();
    assertThat(CliRun.of("--root", root, "ps", "-a").out()).contains("Exited (137)");
    assertThat(CliRun.of("--root", root, "start", "bg").exitCode()).isZero();
    assertThat(CliRun.of("--root", root, "kill", "-s", "NOPE", "bg").err())
        .startsWith("error: invalid signal \"NOPE\"");
    assertThat(CliRun.of("--root", root, "kill", "bg").exitCode()).isZero();
    CliRun follow = CliRun.of("--root", root, "logs", "-f", "bg");
    assertThat(follow.out()).isEqualTo("hi\nhi\n");
    assertThat(CliRun.of("--root", root, "ps", "-q").out()).isEmpty();
    CliRun killStopped = CliRun.of("--root", root, "kill", "bg");
    assertThat(killStopped.err()).isEqualTo("error: container bg is not running\n");
    assertThat(CliRun.of("--root", root, "rm", "bg").exitCode()).isZero();
  }

  @Test
  void volumeCommandsKeepDataAcrossContainersAndRefuseRemovingAVolumeInUse() {
    assertThat(CliRun.of("--root", root, "volume", "create", "--label", "a=b", "v1").out())
        .isEqualTo("v1\n");
    CliRun write =
        CliRun.of(
            "--root",
            root,
            "run",
            "--name",
            "w",
            "-v",
            "v1:/data",
            "strata/busybox",
            "sh",
            "-c",
            "echo saved > /data/f");
    assertThat(write.exitCode()).as(write.err()).isZero();
    CliRun rm = CliRun.of("--root", root, "volume", "rm", "v1");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.err()).isEqualTo("error: volume v1 is in use by container w: remove it first\n");
    assertThat(CliRun.of("--root", root, "rm", "w").exitCode()).isZero();
    CliRun read =
        CliRun.of(
            "--root", root, "run", "--rm", "-v", "v1:/data:ro", "strata/busybox", "cat", "/data/f");
    assertThat(read.out()).isEqualTo("saved\n");
    assertThat(CliRun.of("--root", root, "volume", "ls", "-q").out()).isEqualTo("v1\n");
    assertThat(CliRun.of("--root", root, "volume", "inspect", "v1").out())
        .contains("\"Name\" : \"v1\"")
        .contains("\"a\" : \"b\"")
        .contains("/volumes/v1/_data");
    CliRun bad = CliRun.of("--root", root, "volume", "create", "a/b");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).startsWith("error: invalid volume name \"a/b\"");
    assertThat(CliRun.of("--root", root, "volume", "prune").out()).isEqualTo("v1\n");
    assertThat(CliRun.of("--root", root, "volume", "ls", "-q").out()).isEmpty();
  }

  @Test
  void infoReportsTheStoreDriverExecutorAndCounts() {
    assertThat(CliRun.of("--root", root, "run", "strata/busybox", "true").exitCode()).isZero();
    CliRun info = CliRun.of("--root", root, "info", "--storage-driver", "vfs");
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out())
        .contains("Root: " + root + "\n")
        .contains("Storage Driver: vfs\n")
        .containsPattern(" Backing Filesystem: \\S+\n")
        .containsPattern("Executor: runc \\d+\\.\\d+")
        .contains("Images: 1\n")
        .contains("Containers: 1\n")
        .contains(" Stopped: 1\n")
        .contains("Volumes: 0\n")
        .contains("Build Cache: ");
  }

  @Test
  void ctrlCAndSigtermGoToTheForegroundProcessWhichDecidesTheExitCode() throws Exception {
    for (String signal : java.util.List.of("INT", "TERM")) {
      Process p =
          strata(
              "run",
              "--rm",
              "strata/busybox",
              "sh",
              "-c",
              "trap 'echo got "
                  + signal
                  + "; exit 42' "
                  + signal
                  + "; echo ready; while true; do sleep 0.1; done");
      java.io.BufferedReader out = p.inputReader();
      assertThat(readLine(out)).isEqualTo("ready");
      assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor())
          .isZero();
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isEqualTo(42);
      assertThat(readLine(out)).isEqualTo("got " + signal);
    }
    assertThat(CliRun.of("--root", root, "ps", "-a", "-q").out()).isEmpty();
    assertThat(CliRun.of("--root", root, "system", "check").exitCode()).isZero();
  }

  @Test
  void interactiveRunCopiesStdinToTheProcess() throws Exception {
    Process p = strata("run", "--rm", "-i", "strata/busybox", "cat");
    try (var in = p.getOutputStream()) {
      in.write("hi\nthere\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("hi\nthere\n");
    assertThat(p.exitValue()).isZero();
    Process without = strata("run", "--rm", "strata/busybox", "cat");
    without.getOutputStream().write("ignored\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    without.getOutputStream().close();
    assertThat(without.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(new String(without.getInputStream().readAllBytes())).isEmpty();
  }

  @Test
  void envFileReadOnlyAndMountFlagsShowInInspectAndLogsKeepTheStreamsApart() throws Exception {
    Path envFile = dir.resolve("app.env");
    Files.writeString(envFile, "# app\nMODE=file\nLEVEL=file\n");
    Path host = Files.createDirectories(dir.resolve("hostdir"));
    CliRun run =
        CliRun.of(
            "--root",
            root,
            "run",
            "--name",
            "opts",
            "--env-file",
            envFile.toString(),
            "-e",
            "LEVEL=flag",
            "--read-only",
            "--mount",
            "type=tmpfs,destination=/scratch",
            "--mount",
            "type=bind,source=" + host + ",target=/h,readonly",
            "--mount",
            "src=optvol,dst=/v",
            "strata/busybox",
            "sh",
            "-c",
            "echo $MODE $LEVEL; echo x > /scratch/f && echo v > /v/f && cat /scratch/f;"
                + " touch /nope || echo root-ro; touch /h/f || echo bind-ro");
    assertThat(run.out()).isEqualTo("file flag\nx\nroot-ro\nbind-ro\n");
    assertThat(run.exitCode()).isZero();
    CliRun inspect = CliRun.of("--root", root, "container", "inspect", "opts");
    assertThat(inspect.out())
        .contains("\"ReadonlyRootfs\" : true")
        .contains("\"Type\" : \"tmpfs\"")
        .contains("\"Destination\" : \"/scratch\"")
        .contains("\"Type\" : \"bind\"")
        .contains("\"Source\" : \"" + host + "\"")
        .contains("\"Name\" : \"optvol\"")
        .contains("\"RW\" : false");
    CliRun bad = CliRun.of("--root", root, "run", "--mount", "type=bind,dst=/x", "strata/busybox");
    assertThat(bad.exitCode()).isEqualTo(125);
    assertThat(bad.err())
        .isEqualTo(
            "error: invalid --mount \"type=bind,dst=/x\": source is required for type=bind\n");

    CliRun detached =
        CliRun.of(
            "--root",
            root,
            "run",
            "-d",
            "--name",
            "streams",
            "strata/busybox",
            "sh",
            "-c",
            "echo to-out; echo to-err >&2");
    assertThat(detached.exitCode()).as(detached.err()).isZero();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (CliRun.of("--root", root, "ps", "-q").out().contains(detached.out().substring(0, 12))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    CliRun logs = CliRun.of("--root", root, "logs", "streams");
    assertThat(logs.out()).isEqualTo("to-out\n");
    assertThat(logs.err()).isEqualTo("to-err\n");
    CliRun rm = CliRun.of("--root", root, "run", "-d", "--rm", "strata/busybox", "true");
    assertThat(rm.exitCode()).as(rm.err()).isZero();
    deadline = System.nanoTime() + 30_000_000_000L;
    while (CliRun.of("--root", root, "ps", "-a", "-q").out().contains(rm.out().substring(0, 12))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(CliRun.of("--root", root, "ps", "-a", "-q").out().lines()).hasSize(2);
  }

  private Process strata(String... args) throws IOException {
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--root",
                root));
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static String readLine(java.io.BufferedReader reader) throws Exception {
    return java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.readLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
