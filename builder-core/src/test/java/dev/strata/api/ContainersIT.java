package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Containers run for real with runc on both storage drivers, from the busybox base image. */
class ContainersIT {
  @TempDir static Path dir;
  static BuildFixture fixture;

  @BeforeAll
  static void base() throws Exception {
    fixture = new BuildFixture(dir);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  record Output(int code, String out, String err, String id) {}

  static Output run(Containers c, RunRequest request) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Containers.RunResult r = c.run(request, out, err);
    return new Output(
        r.exitCode(),
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        r.id());
  }

  static RunRequest sh(String driver, String script) {
    return RunRequest.of(BuildFixture.BASE, "sh", "-c", script).withStorageDriver(driver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void foregroundRunPrintsOutputAndExitsWithTheProcessCode(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      Output o = run(c, sh(driver, "echo out; echo err >&2; exit 3").withRemove(true));
      assertThat(o.code()).isEqualTo(3);
      assertThat(o.out()).isEqualTo("out\n");
      assertThat(o.err()).isEqualTo("err\n");
      assertThat(c.list(true)).noneMatch(s -> s.id().equals(o.id()));
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void unknownCommandExits127AndNotExecutable126(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      Output missing =
          run(
              c,
              RunRequest.of(BuildFixture.BASE, "/no/such")
                  .withStorageDriver(driver)
                  .withRemove(true));
      assertThat(missing.code()).isEqualTo(127);
      Output notExec =
          run(
              c,
              RunRequest.of(BuildFixture.BASE, "/etc/passwd")
                  .withStorageDriver(driver)
                  .withRemove(true));
      assertThat(notExec.code()).isEqualTo(126);
    }
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void twoContainersOfOneImageEachSeeTheirOwnChangesAndTheOriginal(String driver) throws Exception {
    List<Path> layerFiles = layerPasswdFiles();
    assertThat(layerFiles).isNotEmpty();
    List<String> before = contents(layerFiles);
    try (Containers c = Containers.open(fixture.root)) {
      Output a =
          run(
              c,
              sh(driver, "echo a > /new; echo changed >> /etc/passwd; rm /etc/group; cat /new")
                  .withName("a-" + driver));
      Output b =
          run(
              c,
              sh(
                      driver,
                      "test ! -e /new && test -e /etc/group && ! grep -q changed /etc/passwd && echo b > /new && cat /new")
                  .withName("b-" + driver));
      assertThat(a.code()).isZero();
      assertThat(a.out()).isEqualTo("a\n");
      assertThat(b.code()).as(b.err()).isZero();
      assertThat(b.out()).isEqualTo("b\n");
      assertThat(contents(layerFiles)).isEqualTo(before);
      assertThat(c.list(true))
          .extracting(ContainerSummary::name)
          .contains("a-" + driver, "b-" + driver);
      assertThat(c.list(false)).isEmpty();
      c.remove(List.of("a-" + driver, b.id().substring(0, 10)), false);
      assertThat(c.list(true))
          .extracting(ContainerSummary::name)
          .doesNotContain("a-" + driver, "b-" + driver);
      assertThat(Files.exists(fixture.root.resolve("containers").resolve(a.id()))).isFalse();
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void imageEnvWorkdirAndUserAreOverriddenByTheFlags(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      RunRequest r =
          new RunRequest(
              BuildFixture.BASE,
              List.of("-c", "echo $FOO $PATH; pwd; id -u"),
              java.util.Optional.empty(),
              List.of("FOO=bar"),
              java.util.Optional.of("/tmp/w"),
              java.util.Optional.of("1234"),
              java.util.Optional.of("sh"),
              java.util.Optional.of("none"),
              java.util.Optional.of(driver),
              java.util.Optional.empty(),
              true,
              List.of());
      Output o = run(c, r);
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out().lines().toList()).hasSize(3);
      assertThat(o.out().lines().toList().get(0)).startsWith("bar /");
      assertThat(o.out().lines().toList().subList(1, 3)).containsExactly("/tmp/w", "1234");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void diffListsAddedChangedAndDeletedPathsAsDockerDoes(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      Output o =
          run(
              c,
              sh(
                      driver,
                      "mkdir -p /data/sub; echo x > /data/sub/f; echo y >> /etc/passwd; rm /etc/group")
                  .withName("diff-" + driver));
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(c.diff("diff-" + driver))
          .containsExactly(
              "A /data", "A /data/sub", "A /data/sub/f", "C /etc", "D /etc/group", "C /etc/passwd");
      c.remove(List.of("diff-" + driver), false);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void committedImageHasTheChangeTheConfigChangesAndAHistoryEntry(String driver) throws Exception {
    String image = "committed-" + driver + ":v1";
    try (Containers c = Containers.open(fixture.root)) {
      run(c, sh(driver, "echo kept > /kept; rm /etc/group").withName("src-" + driver));
      String id =
          c.commit(
              "src-" + driver,
              image,
              List.of("CMD [\"cat\", \"/kept\"]", "ENV MODE=prod"),
              "my msg");
      assertThat(id).startsWith("sha256:");
      Output again = run(c, RunRequest.of(image).withStorageDriver(driver).withRemove(true));
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).isEqualTo("kept\n");
      Output committedEnv =
          run(
              c,
              RunRequest.of(image, "sh", "-c", "echo $MODE; test ! -e /etc/group && echo gone")
                  .withStorageDriver(driver)
                  .withRemove(true));
      assertThat(committedEnv.out()).isEqualTo("prod\ngone\n");
      c.remove(List.of("src-" + driver), false);
    }
    try (Images images = Images.open(fixture.root)) {
      List<HistoryEntry> history = images.history(image);
      assertThat(history.get(0).comment()).isEqualTo("my msg");
      assertThat(history.get(0).createdBy()).isEqualTo("sh -c echo kept > /kept; rm /etc/group");
      images.remove(image, false);
    }
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void detachedContainerLogsAndStopsWithItsImagesStopSignal(String driver) throws Exception {
    Path context =
        fixture.context(
            "stopsignal-" + driver,
            "FROM "
                + BuildFixture.BASE
                + "\nSTOPSIGNAL SIGUSR1\n"
                + "CMD [\"sh\", \"-c\", \"trap 'echo got usr1; exit 5' USR1; echo ready; while true; do sleep 0.1; done\"]\n",
            java.util.Map.of());
    fixture.build(context, "stopper-" + driver);
    try (Containers c = Containers.open(fixture.root)) {
      String id =
          c.runDetached(
              RunRequest.of("stopper-" + driver)
                  .withStorageDriver(driver)
                  .withName("bg-" + driver));
      assertThat(c.list(false)).extracting(ContainerSummary::id).containsExactly(id);
      awaitLog(c, id, "ready\n");
      long start = System.nanoTime();
      c.stop("bg-" + driver, java.time.Duration.ofSeconds(30));
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(20));
      assertThat(logs(c, id)).isEqualTo("ready\ngot usr1\n");
      assertThat(c.list(true))
          .filteredOn(s -> s.id().equals(id))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.status()).isEqualTo("exited");
                assertThat(s.exitCode()).isEqualTo(5);
              });

      // started again on the same read-write layer; a process that ignores the signal is killed
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(c.start(id.substring(0, 12), false, out, out)).isZero();
      awaitLog(c, id, "ready\ngot usr1\nready\n");
      c.kill(id, "KILL");
      awaitExited(c, id);
      assertThat(c.list(true))
          .filteredOn(s -> s.id().equals(id))
          .singleElement()
          .extracting(ContainerSummary::exitCode)
          .isEqualTo(137);
      c.remove(List.of(id), false);
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void stopKillsAfterTheTimeoutAndRmForceRemovesARunningContainer(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id =
          c.runDetached(RunRequest.of(BuildFixture.BASE, "sleep", "300").withStorageDriver(driver));
      assertThatThrownBy(() -> c.remove(List.of(id), false))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("stop it first or use rm -f");
      c.stop(id, java.time.Duration.ofMillis(500));
      assertThat(c.list(true))
          .filteredOn(s -> s.id().equals(id))
          .singleElement()
          .extracting(ContainerSummary::exitCode)
          .isEqualTo(137);
      c.start(id, false, null, null);
      assertThat(c.list(false)).extracting(ContainerSummary::id).containsExactly(id);
      c.remove(List.of(id), true);
      assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  private static String logs(Containers c, String id) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.logs(id, false, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void awaitLog(Containers c, String id, String expected) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!logs(c, id).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(logs(c, id)).isEqualTo(expected);
  }

  private static void awaitExited(Containers c, String id) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline
        && c.list(true).stream().anyMatch(s -> s.id().equals(id) && s.status().equals("running"))) {
      Thread.sleep(50);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void namedVolumeIsSeededFromTheImageAndOutlivesItsContainer(String driver) throws Exception {
    String vol = "data-" + driver;
    Path host = Files.createDirectories(dir.resolve("host-" + driver));
    Files.writeString(host.resolve("in"), "from host\n");
    try (Containers c = Containers.open(fixture.root)) {
      Output first =
          run(
              c,
              sh(
                      driver,
                      "cat /etc/passwd | head -1; echo kept > /etc/kept; cat /h/in; echo out > /h/out")
                  .withVolumes(vol + ":/etc", host + ":/h")
                  .withRemove(true));
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).startsWith("root:").endsWith("from host\n");
      assertThat(Files.readString(host.resolve("out"))).isEqualTo("out\n");
      Output second =
          run(
              c,
              sh(driver, "cat /etc/kept").withVolumes(vol + ":/etc:ro").withName("user-" + driver));
      assertThat(second.out()).isEqualTo("kept\n");
      Output readOnly =
          run(c, sh(driver, "echo x > /etc/other").withVolumes(vol + ":/etc:ro").withRemove(true));
      assertThat(readOnly.code()).isNotZero();
      try (Volumes v = Volumes.open(fixture.root)) {
        assertThatThrownBy(() -> v.remove(vol, false))
            .isInstanceOf(StrataException.class)
            .hasMessage(
                "volume " + vol + " is in use by container user-" + driver + ": remove it first");
        c.remove(List.of("user-" + driver), false);
        assertThat(v.list()).extracting(Volumes.Volume::name).contains(vol);
        assertThat(v.prune()).contains(vol);
        assertThat(v.list()).extracting(Volumes.Volume::name).doesNotContain(vol);
      }
    }
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void imageVolumeGetsASeededAnonymousVolumeRemovedWithRmV(String driver) throws Exception {
    Path context =
        fixture.context(
            "volume-" + driver,
            "FROM "
                + BuildFixture.BASE
                + "\nRUN mkdir /cache && echo seeded > /cache/s\nVOLUME /cache\n",
            java.util.Map.of());
    fixture.build(context, "withvolume-" + driver);
    try (Containers c = Containers.open(fixture.root);
        Volumes v = Volumes.open(fixture.root)) {
      java.util.Set<String> before =
          java.util.Set.copyOf(v.list().stream().map(Volumes.Volume::name).toList());
      Output o =
          run(
              c,
              RunRequest.of("withvolume-" + driver, "sh", "-c", "cat /cache/s; echo new > /cache/n")
                  .withStorageDriver(driver)
                  .withName("anon-" + driver));
      assertThat(o.out()).isEqualTo("seeded\n");
      List<Volumes.Volume> made =
          v.list().stream().filter(x -> !before.contains(x.name())).toList();
      assertThat(made).hasSize(1);
      assertThat(Files.readString(Path.of(made.get(0).mountpoint()).resolve("n")))
          .isEqualTo("new\n");
      assertThat(c.diff("anon-" + driver)).noneMatch(l -> l.contains("/cache/n"));
      c.remove(List.of("anon-" + driver), false, true);
      assertThat(v.list()).extracting(Volumes.Volume::name).doesNotContain(made.get(0).name());
    }
    fixture.assertCheckClean();
  }

  @org.junit.jupiter.api.Test
  void volumeBadInputIsRefused() throws Exception {
    try (Containers c = Containers.open(fixture.root);
        Volumes v = Volumes.open(fixture.root)) {
      assertThatThrownBy(() -> run(c, sh("vfs", "true").withVolumes("a/b:/x")))
          .isInstanceOf(StrataException.class)
          .hasMessageStartingWith("invalid volume name \"a/b\"");
      assertThatThrownBy(() -> run(c, sh("vfs", "true").withVolumes("/no/such/dir:/x")))
          .isInstanceOf(StrataException.class)
          .hasMessage(
              "invalid volume \"/no/such/dir:/x\": bind source /no/such/dir does not exist");
      assertThatThrownBy(() -> v.create("x/y", null, java.util.Map.of()))
          .isInstanceOf(StrataException.class);
      assertThatThrownBy(() -> v.remove("nosuch", false))
          .isInstanceOf(StrataException.class)
          .hasMessage("no such volume: nosuch");
      v.remove("nosuch", true);
      assertThat(v.create("labelled", "local", java.util.Map.of("k", "v")).labels())
          .containsEntry("k", "v");
      assertThat(Files.isDirectory(fixture.root.resolve("volumes/labelled/_data"))).isTrue();
      v.remove("labelled", false);
    }
  }

  @org.junit.jupiter.api.Test
  void badInputIsRefusedWithOneLineAndNothingLeftBehind() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      assertThatThrownBy(() -> run(c, RunRequest.of("no/such:image", "true")))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("no/such");
      run(c, sh("vfs", "true").withName("taken"));
      assertThatThrownBy(() -> run(c, sh("vfs", "true").withName("taken")))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("\"taken\" is already in use");
      assertThatThrownBy(() -> c.remove(List.of("nosuch"), false))
          .isInstanceOf(StrataException.class)
          .hasMessage("no such container: nosuch");
      assertThat(c.list(true)).extracting(ContainerSummary::name).containsOnlyOnce("taken");
      c.remove(List.of("taken"), false);
    }
    fixture.assertCheckClean();
  }

  private static List<Path> layerPasswdFiles() throws Exception {
    try (Stream<Path> s = Files.walk(fixture.root.resolve("layers"))) {
      return s.filter(p -> p.endsWith("etc/passwd")).toList();
    }
  }

  private static List<String> contents(List<Path> files) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (Path p : files) {
      out.add(Files.readString(p));
    }
    return out;
  }
}
