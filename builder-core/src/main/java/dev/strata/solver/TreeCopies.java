package dev.strata.solver;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Private copies of a tree for read-write bind mounts, whose writes must not reach the source:
 * links are copied as links, modes, owners and times are kept.
 */
final class TreeCopies {
  private TreeCopies() {}

  static void copy(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(target.getParent());
      copyOne(source, target);
      return;
    }
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            copyOne(file, target.resolve(source.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            keepMetadata(dir, target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void copyOne(Path file, Path dest) throws IOException {
    Files.copy(file, dest, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
    keepMetadata(file, dest);
  }

  private static void keepMetadata(Path source, Path dest) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (Syscalls.isRoot()) {
      Syscalls.lchown(
          dest,
          (int) (long) (Integer) Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS),
          (Integer) Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
    if (!a.isSymbolicLink()) {
      Syscalls.lchmod(
          dest,
          (Integer) Files.getAttribute(source, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
      Files.setLastModifiedTime(dest, a.lastModifiedTime());
    }
  }
}
