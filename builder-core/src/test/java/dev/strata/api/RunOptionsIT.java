package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run options beyond the basics, for real with runc: --env-file, --read-only, --mount, stdin,
 * the mounts in inspect, logs that keep stdout and stderr apart, and -d --rm.
 */
class RunOptionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  record Output(int code, String out, String err) {}

  static Output run(Containers c, RunRequest request, String stdin) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Containers.RunResult r =
        c.run(
            request,
            stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            out,
            err,
            false);
    return new Output(
        r.exitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static RunRequest sh(String driver, String script) {
    return RunRequest.of(BuildFixture.BASE, "sh", "-c", script).withStorageDriver(driver);
  }

  @Test
  void envFilesComeInOrderBeforeEnvFlagsAndBareKeysComeFromStratasEnvironment() throws Exception {
    Path first = dir.resolve("first.env");
    Files.writeString(
        first, "# settings\n\n  A=from first\nB=b=c\nPATH\nNOT_SET_ANYWHERE_XYZ\nC=first\n");
    Path second = dir.resolve("second.env");
    Files.writeString(second, "C=second\nD=second\n");
    try (Containers c = Containers.open(fixture.root)) {
      Output o =
          run(
              c,
              sh("vfs", "echo \"$A|$B|$PATH|${NOT_SET_ANYWHERE_XYZ-unset}|$C|$D\"")
                  .withEnvFiles(first.toString(), second.toString())
                  .withEnv("D=flag")
                  .withRemove(true),
              null);
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out())
          .isEqualTo("from first|b=c|" + System.getenv("PATH") + "|unset|second|flag\n");
      List<ContainerSummary> before = c.list(true);
      assertThatThrownBy(() -> run(c, sh("vfs", "true").withEnvFiles("/no/such.env"), null))
          .isInstanceOf(StrataException.class)
          .hasMessage("--env-file /no/such.env: cannot read it: no such file");
      Path bad = dir.resolve("bad.env");
      Files.writeString(bad, "GOOD=1\nBAD KEY=2\n");
      assertThatThrownBy(() -> run(c, sh("vfs", "true").withEnvFiles(bad.toString()), null))
          .isInstanceOf(StrataException.class)
          .hasMessage("--env-file " + bad + " line 2: variable \"BAD KEY\" contains whitespace");
      assertThat(c.list(true)).isEqualTo(before);
    }
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void readOnlyRootfsKeepsVolumesTmpfsAndBindsWritableAndInspectListsTheMounts(String driver)
      throws Exception {
    Path host = Files.createDirectories(dir.resolve("bind-" + driver));
    Path hostRo = Files.createDirectories(dir.resolve("bind-ro-" + driver));
    String vol = "rovol-" + driver;
    String name = "ro-" + driver;
    try (Containers c = Containers.open(fixture.root)) {
      Output o =
          run(
              c,
              sh(
                      driver,
                      "touch /rootfile 2>/dev/null && echo root-writable;"
                          + " echo v > /vol/f && echo vol-ok;"
                          + " echo t > /scratch/f && echo tmpfs-ok;"
                          + " dd if=/dev/zero of=/scratch/big bs=1024 count=2048 2>/dev/null"
                          + " || echo tmpfs-full;"
                          + " echo b > /bind/f && echo bind-ok;"
                          + " (echo r > /bind-ro/f) 2>/dev/null && echo bind-ro-writable;"
                          + " echo a > /anon/f && echo anon-ok")
                  .withName(name)
                  .withReadOnly(true)
                  .withMounts(
                      "type=volume,source=" + vol + ",target=/vol",
                      "type=tmpfs,dst=/scratch,tmpfs-size=1m",
                      "type=bind,src=" + host + ",destination=/bind",
                      "type=bind,src=" + hostRo + ",dst=/bind-ro,ro",
                      "target=/anon"),
              null);
      assertThat(o.out()).isEqualTo("vol-ok\ntmpfs-ok\ntmpfs-full\nbind-ok\nanon-ok\n");
      assertThat(Files.readString(host.resolve("f"))).isEqualTo("b\n");
      assertThat(Files.exists(hostRo.resolve("f"))).isFalse();
      assertThat(c.diff(name)).isEmpty();

      JsonNode inspect = JSON.readTree(c.inspect(List.of(name))).get(0);
      assertThat(inspect.get("HostConfig").get("ReadonlyRootfs").asBoolean()).isTrue();
      JsonNode mounts = inspect.get("Mounts");
      assertThat(mounts).hasSize(5);
      assertThat(mounts.get(0).get("Type").asText()).isEqualTo("volume");
      assertThat(mounts.get(0).get("Name").asText()).isEqualTo(vol);
      assertThat(mounts.get(0).get("Source").asText())
          .isEqualTo(fixture.root.resolve("volumes/" + vol + "/_data").toString());
      assertThat(mounts.get(0).get("Destination").asText()).isEqualTo("/vol");
      assertThat(mounts.get(0).get("RW").asBoolean()).isTrue();
      assertThat(mounts.get(1).get("Type").asText()).isEqualTo("tmpfs");
      assertThat(mounts.get(1).get("Destination").asText()).isEqualTo("/scratch");
      assertThat(mounts.get(2).get("Type").asText()).isEqualTo("bind");
      assertThat(mounts.get(2).get("Source").asText()).isEqualTo(host.toString());
      assertThat(mounts.get(2).has("Name")).isFalse();
      assertThat(mounts.get(3).get("RW").asBoolean()).isFalse();
      assertThat(mounts.get(4).get("Type").asText()).isEqualTo("volume");
      assertThat(mounts.get(4).get("Destination").asText()).isEqualTo("/anon");

      // started again, the container keeps its read-only root and its mounts
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(c.start(name, true, out, out)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("vol-ok\ntmpfs-ok\ntmpfs-full\nbind-ok\nanon-ok\n");
      try (Volumes v = Volumes.open(fixture.root)) {
        int volumes = v.list().size();
        c.remove(List.of(name), false, true);
        // the anonymous --mount volume goes with rm -v, the named one stays
        assertThat(v.list()).hasSize(volumes - 1);
        assertThat(v.list()).extracting(Volumes.Volume::name).contains(vol);
        v.remove(vol, false);
      }
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  @Test
  void badMountsAreRefusedNamingTheFlagAndLeaveNothingBehind() throws Exception {
    try (Containers c = Containers.open(fixture.root);
        Volumes v = Volumes.open(fixture.root)) {
      List<ContainerSummary> containers = c.list(true);
      List<Volumes.Volume> volumes = v.list();
      assertThatThrownBy(
              () -> run(c, sh("vfs", "true").withMounts("type=bind,src=/no/such,dst=/x"), null))
          .isInstanceOf(StrataException.class)
          .hasMessage(
              "invalid --mount \"type=bind,src=/no/such,dst=/x\": bind source /no/such does not exist");
      assertThatThrownBy(
              () -> run(c, sh("vfs", "true").withMounts("type=volume,src=v,dst=/x,size=1"), null))
          .isInstanceOf(StrataException.class)
          .hasMessageStartingWith(
              "invalid --mount \"type=volume,src=v,dst=/x,size=1\": unknown key \"size\"");
      assertThat(c.list(true)).isEqualTo(containers);
      assertThat(v.list()).isEqualTo(volumes);
    }
    fixture.assertCheckClean();
  }

  @Test
  void stdinIsCopiedToTheProcess() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      Output o = run(c, RunRequest.of(BuildFixture.BASE, "cat").withRemove(true), "hi\nthere\n");
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out()).isEqualTo("hi\nthere\n");
      Output none = run(c, RunRequest.of(BuildFixture.BASE, "cat").withRemove(true), null);
      assertThat(none.out()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void logsGiveStdoutAndStderrBackOnTheirOwnStreamsInOrder(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id =
          c.runDetached(
              sh(driver, "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; exit 4"));
      awaitGone(c, id, false);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      c.logs(id, true, out, err);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
      assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err1\n");
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      c.logs(id, false, both);
      assertThat(both.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nerr1\nout2\n");
      assertThat(c.list(true))
          .filteredOn(s -> s.id().equals(id))
          .singleElement()
          .extracting(ContainerSummary::exitCode)
          .isEqualTo(4);
      c.remove(List.of(id), false);
    }
    fixture.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void detachedRunWithRmIsRemovedWithItsAnonymousVolumesWhenItEnds(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root);
        Volumes v = Volumes.open(fixture.root)) {
      int volumes = v.list().size();
      String id =
          c.runDetached(
              sh(driver, "echo x > /anon/f; sleep 0.5")
                  .withMounts("type=volume,dst=/anon")
                  .withRemove(true));
      assertThat(v.list()).hasSize(volumes + 1);
      awaitGone(c, id, true);
      assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
      // The monitor removes the container's record first and its anonymous volumes right after.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (v.list().size() > volumes && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(v.list()).hasSize(volumes);
    }
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }

  @Test
  void detachedRunWithRmOfAProcessThatEndsAtOnceStillReturnsItsId() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      for (int i = 0; i < 5; i++) {
        // The monitor may remove the container before runDetached looks at it again.
        String id = c.runDetached(sh("vfs", "true").withRemove(true));
        assertThat(id).matches("[0-9a-f]{64}");
        awaitGone(c, id, true);
        assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
      }
    }
    fixture.assertCheckClean();
  }

  /** Waits until {@code id} has stopped, or with {@code removed} is gone altogether. */
  private static void awaitGone(Containers c, String id, boolean removed) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline
        && c.list(true).stream()
            .anyMatch(s -> s.id().equals(id) && (removed || s.status().equals("running")))) {
      Thread.sleep(50);
    }
  }
}
