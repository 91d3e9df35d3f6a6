package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreRootTest {
  static final Map<String, String> HOME = Map.of("HOME", "/home/u");

  @Test
  void flagWinsOverEverything() {
    assertThat(
            StoreRoot.resolve(
                Optional.of(Path.of("/x/y/../z")), Map.of("STRATA_ROOT", "/env"), true))
        .isEqualTo(Path.of("/x/z"));
  }

  @Test
  void relativeFlagIsTakenAgainstTheWorkingDirectory() {
    assertThat(StoreRoot.resolve(Optional.of(Path.of("rel")), HOME, false))
        .isEqualTo(Path.of("rel").toAbsolutePath());
  }

  @Test
  void environmentWinsOverTheDefaults() {
    assertThat(StoreRoot.resolve(Optional.empty(), Map.of("STRATA_ROOT", "/env"), true))
        .isEqualTo(Path.of("/env"));
  }

  @Test
  void rootUsesVarLib() {
    assertThat(StoreRoot.resolve(Optional.empty(), HOME, true))
        .isEqualTo(Path.of("/var/lib/strata"));
  }

  @Test
  void usersUseXdgDataHomeOrTheirHome() {
    assertThat(
            StoreRoot.resolve(
                Optional.empty(), Map.of("HOME", "/home/u", "XDG_DATA_HOME", "/data"), false))
        .isEqualTo(Path.of("/data/strata"));
    assertThat(StoreRoot.resolve(Optional.empty(), HOME, false))
        .isEqualTo(Path.of("/home/u/.local/share/strata"));
    assertThat(
            StoreRoot.resolve(
                Optional.empty(), Map.of("HOME", "/home/u", "XDG_DATA_HOME", "rel"), false))
        .as("a relative XDG_DATA_HOME is ignored")
        .isEqualTo(Path.of("/home/u/.local/share/strata"));
    assertThat(StoreRoot.resolve(Optional.empty(), Map.of("HOME", "/h", "STRATA_ROOT", " "), false))
        .isEqualTo(Path.of("/h/.local/share/strata"));
  }

  @Test
  void withoutAnyHintItAsksForOne() {
    assertThatThrownBy(() -> StoreRoot.resolve(Optional.empty(), Map.of(), false))
        .isInstanceOf(StrataException.class)
        .hasMessage("cannot choose a store root: HOME is not set; pass --root or set STRATA_ROOT");
  }
}
