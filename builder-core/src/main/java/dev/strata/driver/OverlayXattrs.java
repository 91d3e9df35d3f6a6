package dev.strata.driver;

import dev.strata.fs.ErrnoException;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Overlayfs' own extended attributes on an upper directory. Opaque markers are layer content; the
 * rest ({@code trusted.overlay.origin}, {@code impure}, ...) is overlay's bookkeeping about the
 * mount the directory was made in, which must not follow the directory into a layer.
 */
final class OverlayXattrs {
  private static final String PREFIX = "trusted.overlay.";
  private static final String OPAQUE = "trusted.overlay.opaque";

  private OverlayXattrs() {}

  static void stripBookkeeping(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            strip(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isSymbolicLink()) {
              strip(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void strip(Path p) throws ErrnoException {
    for (String name : Syscalls.llistxattr(p)) {
      if (name.startsWith(PREFIX) && !name.equals(OPAQUE)) {
        Syscalls.lremovexattr(p, name);
      }
    }
  }
}
