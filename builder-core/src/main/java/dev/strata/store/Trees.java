package dev.strata.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/** Measuring directory trees the store owns. */
public final class Trees {
  private Trees() {}

  /**
   * The total size in bytes of the regular files under {@code root} (0 when missing), each file
   * once however many names it has there: layer directories share the files a rebuild's COPY linked
   * instead of writing again.
   */
  public static long size(Path root) throws IOException {
    return measure(root).size();
  }

  /**
   * The bytes removing {@code root} frees: the regular files under it that have no name outside it
   * (a file a later layer linked to stays).
   */
  static long freedByRemoving(Path root) throws IOException {
    return measure(root).freed();
  }

  private record Measure(long size, long freed) {}

  private static Measure measure(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Measure(0, 0);
    }
    // Names seen so far of each file with several links.
    Map<Object, Integer> seen = new HashMap<>();
    long[] totals = new long[2];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            int links = links(file);
            int names = links > 1 ? seen.merge(attrs.fileKey(), 1, Integer::sum) : 1;
            if (names == 1) {
              totals[0] += attrs.size();
            }
            if (names == links) {
              totals[1] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return new Measure(totals[0], totals[1]);
  }

  private static int links(Path file) {
    try {
      return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return 1;
    }
  }
}
