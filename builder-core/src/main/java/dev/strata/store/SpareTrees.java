package dev.strata.store;

import dev.strata.Digest;
import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Root file system trees a build left, under {@code cache/spare/<hex>}, one per name (a Dockerfile
 * stage) and a few in all: derived data, kept instead of deleted so that the next build of that
 * stage can move the files its COPY would write again out of the tree rather than create them (see
 * {@link dev.strata.solver.copy.EarlierFiles}). Deleting thousands of files costs about as much as
 * making them, and on some file systems (ext4 without a journal) it also slows every file created
 * in the following minute. Losing a tree only costs time: a build that takes one and then fails
 * leaves none for its stage, and garbage collection removes them all.
 */
public final class SpareTrees {
  /** How many trees are kept at most: each is a whole root file system. */
  static final int MAX_TREES = 4;

  private final Path dir;
  private final Session session;

  SpareTrees(Path dir, Session session) {
    this.dir = dir;
    this.session = session;
  }

  /**
   * Keeps {@code tree}, a directory on the store's file system that nothing uses any more, as the
   * spare tree of {@code name}, in place of an earlier one (which goes with this session). Beyond
   * {@link #MAX_TREES}, the trees kept longest ago go too.
   */
  public void keep(String name, Path tree) throws IOException {
    Files.createDirectories(dir);
    Path target = path(name);
    discard(target);
    // The time it was kept, for choosing which trees go when there are too many.
    Files.setLastModifiedTime(tree, FileTime.from(Instant.now()));
    Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      List<Path> kept = new ArrayList<>();
      try (DirectoryStream<Path> trees = Files.newDirectoryStream(dir)) {
        trees.forEach(kept::add);
      }
      if (kept.size() > MAX_TREES) {
        kept.sort(Comparator.comparing(SpareTrees::keptAt).reversed());
        for (Path old : kept.subList(MAX_TREES, kept.size())) {
          discard(old);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Too many trees for a while: the next keep tries again, and gc removes them all.
    }
  }

  /** Moves {@code tree} out of the way at once; it is deleted with this session. */
  private void discard(Path tree) throws IOException {
    try {
      Files.move(tree, session.newPath("spare"), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // none there, or another build took it
    }
  }

  private static FileTime keptAt(Path tree) {
    try {
      return Files.getLastModifiedTime(tree, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
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

  /** Removes every spare tree; returns the bytes that freed. */
  long removeAll() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long freed = 0;
    try (DirectoryStream<Path> trees = Files.newDirectoryStream(dir)) {
      for (Path t : trees) {
        Path trash = session.newPath("trash");
        try {
          Files.move(t, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          continue; // a build took it meanwhile
        }
        freed += Trees.freedByRemoving(trash);
        TreeDeletion.delete(trash);
      }
    }
    return freed;
  }

  private Path path(String name) {
    return dir.resolve(Digest.sha256(name).encoded());
  }
}
