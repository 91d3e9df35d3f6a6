package dev.strata.store;

import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One open store's private staging directory {@code tmp/s-<slot>/}. Everything a process writes
 * starts here and leaves only by an atomic rename, so whatever is left under {@code tmp/} is
 * incomplete by definition. The session holds its slot's range of the lock file while it lives; a
 * directory whose slot nobody holds belongs to a dead process and is removed by the next {@link
 * Store#open}.
 */
final class Session implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("s-([0-9a-f]{6})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final StoreLock claim;
  private final AtomicLong counter = new AtomicLong();

  private Session(Path dir, StoreLock claim) {
    this.dir = dir;
    this.claim = claim;
  }

  static Session start(Path tmp, LockFile locks) throws IOException {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int slot = RANDOM.nextInt(LockFile.SESSION_SLOTS);
      Optional<StoreLock> claim = locks.claimSession(slot);
      if (claim.isPresent()) {
        Path dir = tmp.resolve(String.format("s-%06x", slot));
        try {
          // A dead process may have used this slot; its leftovers are ours to remove now.
          TreeDeletion.delete(dir);
          Files.createDirectory(dir);
          return new Session(dir, claim.get());
        } catch (IOException | RuntimeException e) {
          claim.get().close();
          throw e;
        }
      }
    }
    throw new IOException("no free tmp session slot under " + tmp);
  }

  /**
   * Removes everything under {@code tmp} that no live session owns: directories of dead sessions
   * and any other entry. Returns how many entries were removed.
   */
  static int cleanStale(Path tmp, LockFile locks) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
      for (Path entry : entries) {
        Matcher m = NAME.matcher(entry.getFileName().toString());
        if (!m.matches()) {
          TreeDeletion.delete(entry);
          removed++;
          continue;
        }
        Optional<StoreLock> claim = locks.claimSession(Integer.parseInt(m.group(1), 16));
        if (claim.isPresent()) {
          try (StoreLock c = claim.get()) {
            TreeDeletion.delete(entry);
            removed++;
          }
        }
      }
    }
    return removed;
  }

  Path dir() {
    return dir;
  }

  /** A fresh path in this session (not created). */
  Path newPath(String prefix) {
    return dir.resolve(prefix + "-" + counter.incrementAndGet());
  }

  /** A fresh, empty directory in this session. */
  Path newDirectory(String prefix) throws IOException {
    return Files.createDirectory(newPath(prefix));
  }

  @Override
  public void close() throws IOException {
    try {
      TreeDeletion.delete(dir);
    } finally {
      claim.close();
    }
  }
}
