package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostProcessTest {
  @Test
  void startTimeIsField22EvenWhenTheCommandNameHasSpacesAndParentheses() {
    String stat =
        "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
    assertThat(HostProcess.parseStartTime(stat)).hasValue(987654);
  }

  @Test
  void aZombieHasNoStartTime() {
    String stat = "4242 (sh) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 0 0";
    assertThat(HostProcess.parseStartTime(stat)).isEmpty();
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsNotTheRecordedProcess() {
    long self = ProcessHandle.current().pid();
    HostProcess now = HostProcess.of(self);
    assertThat(now.startTime()).isPositive();
    assertThat(now.alive()).isTrue();
    assertThat(new HostProcess(self, now.startTime() + 1).alive()).isFalse();
    assertThat(new HostProcess(self, 0).alive()).isTrue();
    assertThat(new HostProcess(0, 0).alive()).isFalse();
  }

  @Test
  void aRecordIsRunningOnlyWhileItsMonitorWithTheSameStartTimeLives() {
    long self = ProcessHandle.current().pid();
    long start = HostProcess.of(self).startTime();
    ContainerRecord running = record("running", self, start);
    assertThat(running.running()).isTrue();
    assertThat(running.effectiveStatus()).isEqualTo("running");
    ContainerRecord reused = record("running", self, start + 7);
    assertThat(reused.running()).isFalse();
    assertThat(reused.effectiveStatus()).isEqualTo("exited");
    assertThat(record("exited", self, start).running()).isFalse();
  }

  private static ContainerRecord record(String status, long pid, long start) {
    return new ContainerRecord(
        "0".repeat(64),
        "c",
        "sha256:" + "1".repeat(64),
        "img",
        List.of(),
        "vfs",
        "runc",
        "host",
        new LaunchConfig(List.of("true"), List.of(), "/", "root"),
        List.of(),
        "2026-01-01T00:00:00Z",
        status,
        0,
        pid,
        0,
        false,
        false,
        start,
        0);
  }
}
