package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import dev.strata.image.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
  @Test
  void cmdEnvWorkdirAndLabelChangeTheConfigInOrder() {
    ContainerConfig c =
        ConfigChanges.apply(
            ContainerConfig.builder().cmd(List.of("sh")).envList(List.of("A=1")).build(),
            List.of(
                "CMD [\"cat\", \"/x\"]",
                "ENV A=2 B=3",
                "WORKDIR /srv",
                "LABEL k=v",
                "ENTRYPOINT echo hi",
                "STOPSIGNAL SIGUSR1"));
    assertThat(c.cmd()).containsExactly("cat", "/x");
    assertThat(c.env()).containsExactly("A=2", "B=3");
    assertThat(c.workingDir()).isEqualTo("/srv");
    assertThat(c.labels()).containsEntry("k", "v");
    assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(c.stopSignal()).isEqualTo("SIGUSR1");
  }

  @Test
  void instructionsThatChangeFilesAreRefused() {
    assertThatThrownBy(() -> ConfigChanges.apply(ContainerConfig.EMPTY, List.of("RUN true")))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("commit -c: \"RUN true\" is not a config change");
    assertThatThrownBy(() -> ConfigChanges.apply(ContainerConfig.EMPTY, List.of("BOGUS x")))
        .isInstanceOf(StrataException.class);
  }
}
