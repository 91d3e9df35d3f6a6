package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDeletionTest {
  @TempDir Path tmp;

  @Test
  void deletesALargeTreeOnSeveralThreadsAndNothingOutsideIt() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
    Path outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
    Files.writeString(outsideDir.resolve("kept"), "keep");
    Path root = Files.createDirectories(tmp.resolve("root"));
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(root.resolve("d" + d).resolve("nested"));
      for (int f = 0; f < 30; f++) {
        Files.writeString(dir.getParent().resolve("f" + f), "x" + f);
        Files.writeString(dir.resolve("g" + f), "y" + f);
      }
    }
    Files.createSymbolicLink(root.resolve("to-file"), outside);
    Files.createSymbolicLink(root.resolve("d0/to-dir"), outsideDir);
    Syscalls.mkfifo(root.resolve("d1/fifo"), 0644);
    Path flat = Files.createDirectories(root.resolve("flat"));
    for (int f = 0; f < 500; f++) {
      Files.writeString(flat.resolve("f" + f), "z");
    }

    TreeDeletion.delete(root);

    assertThat(root).doesNotExist();
    assertThat(outside).hasContent("keep");
    assertThat(outsideDir.resolve("kept")).hasContent("keep");
  }

  @Test
  void opensUpDirectoriesWithoutPermissions() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path locked = Files.createDirectories(root.resolve("a/locked"));
    Files.writeString(locked.resolve("file"), "x");
    Syscalls.lchmod(locked, 0);
    Syscalls.lchmod(root.resolve("a"), 0500);

    TreeDeletion.delete(root);

    assertThat(root).doesNotExist();
  }

  @Test
  void aMissingRootIsFineAndAFileOrSymlinkRootIsDeletedAlone() throws IOException {
    TreeDeletion.delete(tmp.resolve("missing"));

    Path file = Files.writeString(tmp.resolve("file"), "x");
    TreeDeletion.delete(file);
    assertThat(file).doesNotExist();

    Path target = Files.createDirectories(tmp.resolve("target"));
    Files.writeString(target.resolve("kept"), "keep");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    TreeDeletion.delete(link);
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(target.resolve("kept")).hasContent("keep");
  }
}
