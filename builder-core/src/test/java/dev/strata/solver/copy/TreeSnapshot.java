package dev.strata.solver.copy;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every entry below a directory with type, mode, owner, content digest or link target and mtime
 * (directories' mtimes included), for comparing trees.
 */
record TreeSnapshot(Map<String, String> entries) {
  static TreeSnapshot of(Path root) {
    Map<String, String> out = new TreeMap<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
              out.put(rel(d), describe(d));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
              out.put(rel(p), describe(p));
              return FileVisitResult.CONTINUE;
            }

            private String rel(Path p) {
              return root.relativize(p).toString();
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TreeSnapshot(out);
  }

  static String describe(Path p) {
    try {
      StringBuilder b = new StringBuilder();
      int mode = (Integer) CopyFixture.attr(p, "unix:mode");
      b.append(Integer.toOctalString(mode)).append(' ');
      b.append(CopyFixture.uid(p)).append(':').append(CopyFixture.gid(p)).append(' ');
      if (Files.isSymbolicLink(p)) {
        b.append("-> ").append(Syscalls.readlink(p));
      } else if (Files.isRegularFile(p)) {
        b.append(dev.strata.Digest.sha256(Files.readAllBytes(p)));
      }
      b.append(' ').append(CopyFixture.mtime(p));
      return b.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
