package dev.strata.store;

import dev.strata.Digest;
import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Root file system trees a build left, under {@code cache/spare/<hex>}, one per name (a Dockerfile
 * stage): derived data, kept instead of deleted so that the next build of that stage can move the
 * files its COPY would write again out of the tree rather than create them (see {@link
 * dev.strata.solver.copy.EarlierFiles}). Deleting thousands of files costs about as much as making
 * them, and on some file systems (ext4 without a journal) it also slows every file created in the
 * following minute. Losing a tree only costs time; {@code gc} removes them all.
 */
public final class SpareTrees {
  private final Path dir;
  private final Session session;

  SpareTrees(Path dir, Session session) {
    this.dir = dir;
    this.session = session;
  }

  /**
   * Keeps {@code tree}, a directory on the store's file system that nothing uses any more, as the
   * spare tree of {@code name}, in place of an earlier one (which goes with this session).
   */
  public void keep(String name, Path tree) throws IOException {
    Files.createDirectories(dir);
    Path target = path(name);
    try {
      Files.move(target, session.newPath("spare"), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // none to replace
    }
    Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Takes the spare tree of {@code name} into this session's staging area, where only the caller
   * can see it and whatever is left of it goes with the session. Empty when there is none, or
   * another build took it first.
   */
  public Optional<Path> take(String name) throws IOException {
    Path taken = session.newPath("spare");
    try {
      Files.move(path(name), taken, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(taken);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Removes every spare tree; returns how many. */
  int removeAll() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> trees = Files.newDirectoryStream(dir)) {
      for (Path t : trees) {
        Path trash = session.newPath("trash");
        try {
          Files.move(t, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          continue; // a build took it meanwhile
        }
        TreeDeletion.delete(trash);
        removed++;
      }
    }
    return removed;
  }

  private Path path(String name) {
    return dir.resolve(Digest.sha256(name).encoded());
  }
}
