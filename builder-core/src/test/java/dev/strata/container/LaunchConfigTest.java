package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import dev.strata.image.ContainerConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchConfigTest {
  static final ContainerConfig IMAGE =
      ContainerConfig.builder()
          .entrypoint(List.of("/entry", "x"))
          .cmd(List.of("default"))
          .envList(List.of("PATH=/bin", "A=1"))
          .workingDir("/app")
          .user("nobody")
          .build();

  static LaunchConfig.Overrides flags(
      Optional<String> entrypoint, List<String> command, String... env) {
    return new LaunchConfig.Overrides(
        entrypoint, command, List.of(env), Optional.empty(), Optional.empty());
  }

  @Test
  void imageEntrypointAndCmdRunWhenNothingIsGiven() {
    LaunchConfig c = LaunchConfig.resolve(IMAGE, flags(Optional.empty(), List.of()), "img");
    assertThat(c.args()).containsExactly("/entry", "x", "default");
    assertThat(c.env()).containsExactly("PATH=/bin", "A=1");
    assertThat(c.workdir()).isEqualTo("/app");
    assertThat(c.user()).isEqualTo("nobody");
  }

  @Test
  void aCommandReplacesCmdButKeepsTheEntrypoint() {
    assertThat(
            LaunchConfig.resolve(IMAGE, flags(Optional.empty(), List.of("a", "b")), "img").args())
        .containsExactly("/entry", "x", "a", "b");
  }

  @Test
  void entrypointFlagDropsTheImagesEntrypointAndCmd() {
    assertThat(LaunchConfig.resolve(IMAGE, flags(Optional.of("/sh"), List.of()), "img").args())
        .containsExactly("/sh");
    assertThat(
            LaunchConfig.resolve(IMAGE, flags(Optional.of("/sh"), List.of("-c", "ls")), "img")
                .args())
        .containsExactly("/sh", "-c", "ls");
  }

  @Test
  void envFlagsReplaceImageEntriesOfTheSameName() {
    assertThat(
            LaunchConfig.resolve(IMAGE, flags(Optional.empty(), List.of(), "A=2", "B=3"), "img")
                .env())
        .containsExactly("PATH=/bin", "A=2", "B=3");
  }

  @Test
  void noCommandAnywhereAndBadEnvAreUserErrors() {
    assertThatThrownBy(
            () ->
                LaunchConfig.resolve(
                    ContainerConfig.EMPTY, flags(Optional.empty(), List.of()), "img"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("no command specified");
    assertThatThrownBy(
            () -> LaunchConfig.resolve(IMAGE, flags(Optional.empty(), List.of(), "=x"), "img"))
        .isInstanceOf(StrataException.class)
        .hasMessage("invalid environment entry \"=x\" in -e: use KEY=VALUE");
  }

  @Test
  void defaultsAreRootAndTheRootDirectory() {
    LaunchConfig c =
        LaunchConfig.resolve(ContainerConfig.EMPTY, flags(Optional.empty(), List.of("ls")), "img");
    assertThat(c.workdir()).isEqualTo("/");
    assertThat(c.user()).isEqualTo("root");
  }
}
