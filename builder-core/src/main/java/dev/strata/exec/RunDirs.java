package dev.strata.exec;

import dev.strata.StrataException;
import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The per-run directories under an executor's state dir and the ids that name them. */
final class RunDirs {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunDirs() {}

  /** A fresh run id: {@code strata-} and 24 hex digits, unique across runs and processes. */
  static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return "strata-" + HexFormat.of().formatHex(b);
  }

  /** Creates {@code runs/<id>} (mode 0700) under {@code stateDir}. */
  static Path create(Path stateDir, String id) {
    try {
      Path runs = Files.createDirectories(stateDir.resolve("runs"));
      return Files.createDirectory(
          runs.resolve(id),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new StrataException("cannot create run directory in " + stateDir + ": " + e, e);
    }
  }

  /** Deletes a run directory and everything in it, never following symlinks. */
  static void delete(Path dir) throws IOException {
    TreeDeletion.delete(dir);
  }
}
