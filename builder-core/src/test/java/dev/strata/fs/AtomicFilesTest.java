package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writeReplacesTheTargetAndLeavesNoStagingFile() throws IOException {
    Path target = dir.resolve("refs.json");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));
    assertThat(target).hasContent("two");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(target);
    }
  }

  @Test
  void writeCanStageElsewhereOnTheSameFileSystem() throws IOException {
    Path staging = Files.createDirectory(dir.resolve("staging"));
    Path target = dir.resolve("out");
    AtomicFiles.write(target, new byte[] {1, 2, 3}, staging);
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    try (Stream<Path> s = Files.list(staging)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void publishingATreeOntoAnExistingTreeFailsSoTheLoserCanTell() throws IOException {
    Path winner = Files.createDirectories(dir.resolve("staged-a/diff"));
    Path loser = Files.createDirectories(dir.resolve("staged-b/diff"));
    Files.writeString(winner.resolve("f"), "a");
    Files.writeString(loser.resolve("f"), "b");
    AtomicFiles.fsyncTree(dir.resolve("staged-a"));
    AtomicFiles.publish(dir.resolve("staged-a"), dir.resolve("layer"));

    assertThatThrownBy(() -> AtomicFiles.publish(dir.resolve("staged-b"), dir.resolve("layer")))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(dir.resolve("layer/diff/f")).hasContent("a");
  }
}
