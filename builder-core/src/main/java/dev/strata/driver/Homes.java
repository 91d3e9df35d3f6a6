package dev.strata.driver;

import dev.strata.StrataException;
import dev.strata.fs.MountTable;
import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The directories snapshots live in: taking one for a new snapshot, and leaving it as found. */
final class Homes {
  private Homes() {}

  /** A home claimed for a new snapshot: {@code created} when it did not exist before. */
  record Claim(Path dir, boolean created) {}

  /** Takes {@code home}, which must not exist yet or be an empty directory. */
  static Claim claim(Path home) throws IOException {
    Path dir = home.toAbsolutePath().normalize();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      return new Claim(dir, true);
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new StrataException("cannot make a snapshot in " + dir + ": not a directory");
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      if (s.iterator().hasNext()) {
        throw new StrataException("cannot make a snapshot in " + dir + ": it is not empty");
      }
    }
    return new Claim(dir, false);
  }

  /**
   * After a failed prepare: removes everything made in {@code dir} (all of it when it was created
   * for the snapshot), unmounting first. A failure here is attached to {@code cause}.
   */
  static void abandon(Path dir, boolean created, Exception cause) {
    try {
      if (created) {
        TreeDeletion.delete(dir);
      } else {
        MountTable.unmountUnder(dir);
        for (String name : LayerStack.list(dir)) {
          TreeDeletion.delete(dir.resolve(name));
        }
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
