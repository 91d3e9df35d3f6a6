package dev.strata.driver;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A ctime that every change made after a copy will have reached: the kernel's file clock read
 * through a probe file, waited on until it is past the newest ctime the copy produced. File
 * timestamps come from a coarse clock, so changes within one tick share a ctime; waiting out the
 * tick keeps the copy's own ctimes strictly below the baseline.
 */
final class Baseline {
  private static final String PROBE = ".baseline";

  private Baseline() {}

  static long after(Path dir, long maxCopied) throws IOException {
    Path probe = Files.createFile(dir.resolve(PROBE));
    try {
      for (int attempt = 0; attempt < 5000; attempt++) {
        Syscalls.lchmod(probe, attempt % 2 == 0 ? 0600 : 0644);
        long now = Stat.lstat(probe).ctimeNanos();
        if (now > maxCopied) {
          return now;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the file clock", e);
        }
      }
      throw new IOException("the file clock in " + dir + " does not advance");
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
