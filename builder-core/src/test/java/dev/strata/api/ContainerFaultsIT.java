package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Containers whose process is killed behind strata's back, and strata processes racing for one
 * container: the recorded state stays true and the store stays clean.
 */
class ContainerFaultsIT {
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

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void detachedContainerKilledWithKill9ShowsExited137AndRmNeedsNoForce(String driver)
      throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id = c.runDetached(sleeper(driver));
      long pid = state(c, id).get("Pid").asLong();
      assertThat(pid).isPositive();
      assertThat(host("kill", "-9", Long.toString(pid))).isZero();
      awaitNotRunning(c, id);
      assertExited(c, id, 137);
      c.remove(List.of(id), false);
      assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
    }
    assertClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void detachedContainerKilledThroughRuncShowsExited137(String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id = c.runDetached(sleeper(driver));
      state(c, id);
      List<String> runcIds = runcContainers();
      assertThat(runcIds).hasSize(1);
      assertThat(host("runc", "--root", runcRoot(), "kill", runcIds.get(0), "KILL")).isZero();
      awaitNotRunning(c, id);
      assertExited(c, id, 137);
      assertThat(runcContainers()).isEmpty();
      c.remove(List.of(id), false);
    }
    assertClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void containerWhoseStrataProcessWasKilledStillRunsAndStopsWithSigkill137(String driver)
      throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id = c.runDetached(sleeper(driver));
      long process = state(c, id).get("Pid").asLong();
      killMonitor(id);
      JsonNode state = state(c, id);
      assertThat(state.get("Running").asBoolean()).isTrue();
      assertThat(state.get("Pid").asLong()).isEqualTo(process);
      assertThatThrownBy(() -> c.remove(List.of(id), false))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("stop it first or use rm -f");
      c.stop(id, Duration.ofMillis(300));
      assertExited(c, id, 137);
      assertThat(fixture.mountsUnderStore()).isFalse();
      c.remove(List.of(id), false);
    }
    assertClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void containerWhoseStrataProcessAndProcessWereKilledIsExited255AndRemovedWithoutForce(
      String driver) throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id = c.runDetached(sleeper(driver));
      long process = state(c, id).get("Pid").asLong();
      killMonitor(id);
      assertThat(host("kill", "-9", Long.toString(process))).isZero();
      awaitNotRunning(c, id);
      assertExited(c, id, 255);
      c.remove(List.of(id), false);
      assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
    }
    assertClean();
  }

  @Test
  void aContainerWhoseStrataProcessWasKilledStartsAgain() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id =
          c.runDetached(
              RunRequest.of(BuildFixture.BASE, "sh", "-c", "echo run >> /runs; exec sleep 300")
                  .withStorageDriver("overlay"));
      long process = state(c, id).get("Pid").asLong();
      killMonitor(id);
      assertThat(host("kill", "-9", Long.toString(process))).isZero();
      awaitNotRunning(c, id);
      assertThat(fixture.mountsUnderStore()).isTrue();
      c.start(id, false, null, null);
      assertThat(c.list(false)).extracting(ContainerSummary::id).containsExactly(id);
      c.stop(id, Duration.ZERO);
      assertExited(c, id, 137);
      assertThat(c.diff(id)).contains("A /runs");
      c.remove(List.of(id), false);
    }
    assertClean();
  }

  @Test
  void foregroundRunKilledFromOutsideReturns137() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      AtomicReference<Containers.RunResult> result = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  result.set(
                      c.run(
                          sleeper("overlay").withName("fg"),
                          new ByteArrayOutputStream(),
                          new ByteArrayOutputStream()));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      runner.start();
      long pid = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (pid <= 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        if (!c.list(false).isEmpty()) {
          pid = state(c, "fg").get("Pid").asLong();
        }
      }
      assertThat(pid).isPositive();
      assertThat(host("kill", "-9", Long.toString(pid))).isZero();
      runner.join(30_000);
      assertThat(result.get().exitCode()).isEqualTo(137);
      assertExited(c, "fg", 137);
      c.remove(List.of("fg"), false);
    }
    assertClean();
  }

  @Test
  void twoStartsOfOneContainerAtOnceRunItOnce() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      String id = c.runDetached(sleeper("overlay"));
      c.stop(id, Duration.ZERO);
      List<Object> outcomes =
          race(() -> c.start(id, false, null, null), () -> c.start(id, false, null, null));
      assertThat(outcomes).filteredOn(o -> o.equals("ok")).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> o instanceof StrataException)
          .singleElement()
          .extracting(o -> ((StrataException) o).getMessage())
          .asString()
          .endsWith("is already running");
      assertThat(c.list(false)).extracting(ContainerSummary::id).containsExactly(id);
      assertThat(runcContainers()).hasSize(1);
      c.remove(List.of(id), true);
    }
    assertClean();
  }

  @Test
  void startAndRmOfOneContainerAtOnceNeverBothSucceed() throws Exception {
    try (Containers c = Containers.open(fixture.root)) {
      for (int i = 0; i < 3; i++) {
        String id = c.runDetached(sleeper("vfs"));
        c.stop(id, Duration.ZERO);
        List<Object> outcomes =
            race(
                () -> c.start(id, false, null, null),
                () -> {
                  c.remove(List.of(id), false);
                  return 0;
                });
        assertThat(outcomes).filteredOn(o -> o.equals("ok")).hasSize(1);
        boolean started = outcomes.get(0).equals("ok");
        if (started) {
          assertThat(((StrataException) outcomes.get(1)).getMessage())
              .contains("stop it first or use rm -f");
          assertThat(c.list(false)).extracting(ContainerSummary::id).containsExactly(id);
          c.remove(List.of(id), true);
        } else {
          assertThat(((StrataException) outcomes.get(0)).getMessage())
              .isEqualTo("no such container: " + id);
        }
        assertThat(c.list(true)).noneMatch(s -> s.id().equals(id));
      }
    }
    assertClean();
  }

  private interface Action {
    Object run() throws Exception;
  }

  /** Runs both actions at once; each outcome is "ok" or what it threw. */
  private static List<Object> race(Action a, Action b) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Object> outcomes = Collections.synchronizedList(new ArrayList<>(List.of("", "")));
    List<Thread> threads = new ArrayList<>();
    List<Action> actions = List.of(a, b);
    for (int i = 0; i < 2; i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  actions.get(n).run();
                  outcomes.set(n, "ok");
                } catch (Exception e) {
                  outcomes.set(n, e);
                }
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
    return outcomes;
  }

  private static RunRequest sleeper(String driver) {
    return RunRequest.of(BuildFixture.BASE, "sleep", "300").withStorageDriver(driver);
  }

  private static JsonNode state(Containers c, String id) throws Exception {
    return JSON.readTree(c.inspect(List.of(id))).get(0).get("State");
  }

  private static void assertExited(Containers c, String id, int code) throws Exception {
    JsonNode state = state(c, id);
    assertThat(state.get("Status").asText()).isEqualTo("exited");
    assertThat(state.get("Running").asBoolean()).isFalse();
    assertThat(state.get("Pid").asLong()).isZero();
    assertThat(state.get("ExitCode").asInt()).isEqualTo(code);
    assertThat(c.list(true))
        .filteredOn(s -> s.id().startsWith(id) || s.name().equals(id))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo("exited");
              assertThat(s.exitCode()).isEqualTo(code);
            });
  }

  private static void awaitNotRunning(Containers c, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline
        && c.list(false).stream().anyMatch(s -> s.id().equals(id))) {
      Thread.sleep(50);
    }
    // The monitor records the exit code just before it ends; give it that moment.
    while (System.nanoTime() < deadline && !state(c, id).get("Status").asText().equals("exited")) {
      Thread.sleep(50);
    }
  }

  /** Kills the strata process attached to detached container {@code id} with SIGKILL. */
  private static void killMonitor(String id) throws Exception {
    JsonNode record =
        JSON.readTree(
            fixture.root.resolve("containers").resolve(id).resolve("config.json").toFile());
    long monitor = record.get("pid").asLong();
    assertThat(monitor).isPositive();
    assertThat(host("kill", "-9", Long.toString(monitor))).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ProcessHandle.of(monitor).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(monitor).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private static String runcRoot() {
    return fixture.root.resolve("exec/runc").toString();
  }

  private static List<String> runcContainers() throws Exception {
    if (!Files.isDirectory(Path.of(runcRoot()))) {
      return List.of();
    }
    Process p = new ProcessBuilder("runc", "--root", runcRoot(), "list", "-q").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private static int host(String... command) throws Exception {
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  private static void assertClean() throws Exception {
    // runc run, once its container's process is gone, deletes the container's runc state.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!runcContainers().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(runcContainers()).isEmpty();
    assertThat(fixture.mountsUnderStore()).isFalse();
    fixture.assertCheckClean();
  }
}
