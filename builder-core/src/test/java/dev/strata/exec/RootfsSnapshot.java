package dev.strata.exec;

import dev.strata.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a layer records of a tree: per path its type, mode, owner, size, modification time,
 * content digest or link target. Two snapshots are equal when a layer diff would see no change.
 */
final class RootfsSnapshot {
  private RootfsSnapshot() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            entries.put(name(dir), describe(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            entries.put(name(file), describe(file));
            return FileVisitResult.CONTINUE;
          }

          private String name(Path p) {
            return "/" + root.relativize(p);
          }
        });
    return entries;
  }

  private static String describe(Path p) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    StringBuilder b = new StringBuilder();
    b.append(a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isRegularFile() ? "f" : "o");
    b.append(' ').append(PosixFilePermissions.toString(a.permissions()));
    b.append(' ').append(uid).append(':').append(gid);
    b.append(" mtime=").append(a.lastModifiedTime().toInstant());
    if (a.isRegularFile()) {
      b.append(" size=").append(a.size());
      try (InputStream in = Files.newInputStream(p)) {
        b.append(' ').append(Digest.sha256(in));
      }
    } else if (a.isSymbolicLink()) {
      b.append(" -> ").append(Files.readSymbolicLink(p));
    }
    return b.toString();
  }
}
