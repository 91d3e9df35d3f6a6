package dev.strata.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Which version of a file is at a path: its inode, modification time and size. strata replaces the
 * files it keeps (the image catalog, a context's stat cache) whole and atomically, so a new version
 * is a new inode, and what was parsed from one version can be used again while the version is the
 * same, instead of reading and parsing the file again within one process.
 */
public record FileVersion(Object fileKey, FileTime modified, long size) {
  /** The version at {@code path}; empty when there is no file or the file system has no inodes. */
  public static Optional<FileVersion> of(Path path) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return a.fileKey() == null
        ? Optional.empty()
        : Optional.of(new FileVersion(a.fileKey(), a.lastModifiedTime(), a.size()));
  }
}
