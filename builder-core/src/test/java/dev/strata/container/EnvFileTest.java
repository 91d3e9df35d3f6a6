package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
  @TempDir Path dir;

  @Test
  void readsDockerFormatWithCommentsBlanksAndBareKeysFromTheEnvironment() throws Exception {
    Path f = dir.resolve("env");
    Files.writeString(
        f,
        "\uFEFF# comment\n\n   A=one two \nB=x=y\n  # indented comment\nFROM_HOST\nNOT_SET\nQ=\"q\"\nE=\n");
    Map<String, String> host = Map.of("FROM_HOST", "host value");
    assertThat(EnvFile.read(f, host::get))
        .containsExactly("A=one two ", "B=x=y", "FROM_HOST=host value", "Q=\"q\"", "E=");
  }

  @Test
  void aMissingFileOrAKeyWithWhitespaceIsAnErrorNamingTheFlagFileAndLine() throws Exception {
    assertThatThrownBy(() -> EnvFile.read(dir.resolve("nope"), k -> null))
        .isInstanceOf(StrataException.class)
        .hasMessage("--env-file " + dir.resolve("nope") + ": cannot read it: no such file");
    Path f = dir.resolve("bad");
    Files.writeString(f, "OK=1\nA B=2\n");
    assertThatThrownBy(() -> EnvFile.read(f, k -> null))
        .isInstanceOf(StrataException.class)
        .hasMessage("--env-file " + f + " line 2: variable \"A B\" contains whitespace");
    Files.writeString(f, "=2\n");
    assertThatThrownBy(() -> EnvFile.read(f, k -> null))
        .hasMessage("--env-file " + f + " line 1: no variable name before '='");
  }
}
