package dev.strata.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Fills a new volume with the image's content at the path it is mounted over. */
final class VolumeSeed {
  private VolumeSeed() {}

  static void copy(Path rootfs, String target, Path data) throws IOException {
    Path from = rootfs.resolve(target.substring(1)).normalize();
    // Only a real directory inside the rootfs seeds the volume; a symlink could point anywhere.
    if (!from.startsWith(rootfs) || !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        if (p.equals(from)) {
          continue;
        }
        Path to = data.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
