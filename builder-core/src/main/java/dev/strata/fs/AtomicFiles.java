package dev.strata.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Durable, all-or-nothing file publication: write a staging file (or tree), fsync it, rename it
 * into place, fsync the directory that now holds it. A reader of the final path sees either nothing
 * (or the previous version) or the complete new content, even if the process or the machine dies at
 * any point.
 *
 * <p>Staging must be on the same file system as the target so the rename is atomic; callers with a
 * staging area of their own pass it, others get a hidden sibling of the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target} with {@code content}, staging next to it. */
  public static void write(Path target, byte[] content) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    write(target, content, parent);
  }

  /** Replaces {@code target} with {@code content}, staging in {@code stagingDir}. */
  public static void write(Path target, byte[] content, Path stagingDir) throws IOException {
    Path staged =
        stagingDir.resolve(
            "." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      try (FileChannel ch =
          FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      publish(staged, target);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /**
   * Renames an already-synced {@code staged} file or directory to {@code target} atomically and
   * fsyncs the target's directory. An existing target file is replaced; an existing non-empty
   * target directory makes the rename fail with {@link FileAlreadyExistsException}, which callers
   * racing to create the same directory use to detect that another writer won.
   */
  public static void publish(Path staged, Path target) throws IOException {
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileSystemException e) {
      // rename(2) reports ENOTEMPTY/EEXIST, which the JDK passes on as a bare FileSystemException.
      if (!(e instanceof FileAlreadyExistsException)
          && Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)
          && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        FileAlreadyExistsException exists =
            new FileAlreadyExistsException(staged.toString(), target.toString(), e.getReason());
        exists.initCause(e);
        throw exists;
      }
      throw e;
    }
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Flushes a regular file's content and metadata to disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Flushes a directory's entries (names created, renamed or removed in it) to disk. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Makes every file and directory under {@code root} durable, so that a staged tree can be
   * published: files, their data and the directories naming them.
   */
  public static void fsyncTree(Path root) throws IOException {
    // One syncfs flushes the whole tree (and whatever else is dirty on that file system); an
    // fsync per file costs a disk round trip each, which for a 5,000-file layer is seconds.
    Syscalls.syncfs(root);
  }
}
