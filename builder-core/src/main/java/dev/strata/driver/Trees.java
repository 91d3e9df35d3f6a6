package dev.strata.driver;

import dev.strata.fs.MountTable;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Deleting a snapshot's own directories. */
final class Trees {
  private Trees() {}

  /**
   * Deletes {@code root} and everything below it, never following a symlink and never reaching
   * through a mount point: whatever is mounted below is unmounted first, so a delete can never
   * remove files of a layer mounted there. Directories a step made unwritable are opened up first.
   * A missing root is fine.
   */
  static void delete(Path root) throws IOException {
    if (Stat.lstat(root) == null) {
      return;
    }
    MountTable.unmountUnder(root);
    deleteTree(root);
  }

  private static void deleteTree(Path p) throws IOException {
    Stat s = Stat.lstat(p);
    if (s == null) {
      return;
    }
    if (s.isDirectory()) {
      if ((s.permissions() & 0700) != 0700) {
        Syscalls.lchmod(p, s.permissions() | 0700);
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
        for (Path c : children) {
          deleteTree(c);
        }
      } catch (NoSuchFileException e) {
        return;
      }
    }
    Files.deleteIfExists(p);
  }
}
