package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {
  @Test
  void defaultsAreRootHostNetworkAndTheOpenFilesLimit() {
    ProcessSpec s = ProcessSpec.builder(List.of("true")).build();
    assertThat(s.user()).isEqualTo(ProcessUser.ROOT);
    assertThat(s.cwd()).isEqualTo("/");
    assertThat(s.network()).isEqualTo(NetworkMode.HOST);
    assertThat(s.hostname()).isEqualTo(ProcessSpec.DEFAULT_HOSTNAME);
    assertThat(s.env()).isEmpty();
    assertThat(s.rlimits()).containsExactly(Rlimit.defaultNofile());
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void envValueTakesTheLastEntry() {
    ProcessSpec s =
        ProcessSpec.builder(List.of("true")).env(List.of("A=1", "AB=2", "A=3=4")).build();
    assertThat(s.envValue("A")).isEqualTo("3=4");
    assertThat(s.envValue("B")).isNull();
  }

  @Test
  void refusesWhatNoRuntimeCouldRun() {
    assertThatThrownBy(() -> ProcessSpec.builder(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("true")).env(List.of("NOEQUALS")).build())
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("true")).env(List.of("=x")).build())
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("true")).cwd("relative").build())
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("true")).hostname("bad host").build())
        .hasMessageContaining("hostname");
    assertThatThrownBy(
            () ->
                ProcessSpec.builder(List.of("true")).mount(new MountSpec.Tmpfs("/a/..", 0)).build())
        .hasMessageContaining("root directory");
    assertThatThrownBy(() -> new MountSpec.Bind(Path.of("rel"), "/x", false))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new MountSpec.Tmpfs("x", 0)).hasMessageContaining("absolute");
    assertThatThrownBy(() -> new ProcessUser(-1, 0, List.of())).hasMessageContaining("uid");
    assertThatThrownBy(() -> new Rlimit("RLIMIT_NOFILE", 10, 5)).hasMessageContaining("soft");
    assertThatThrownBy(() -> new Rlimit("NOFILE", 1, 1)).hasMessageContaining("unknown");
    assertThatThrownBy(() -> new HostEntry("a b", "1.2.3.4")).hasMessageContaining("host name");
  }

  @Test
  void rlimitsMapToPrlimitOptions() {
    assertThat(new Rlimit("RLIMIT_NOFILE", 1, 2).prlimitName()).isEqualTo("nofile");
    assertThat(new Rlimit("RLIMIT_MSGQUEUE", 1, 2).prlimitName()).isEqualTo("msgqueue");
  }
}
