package dev.strata.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

  /**
   * What was made of the version of each file read last (parsed, decoded), for as long as the file
   * is still at that version.
   */
  public static final class Memo<T> {
    private record Read<T>(FileVersion version, T value) {}

    private final Map<Path, Read<T>> last = new ConcurrentHashMap<>();

    /** What was made of {@code file} at {@code version}, if that is the version read last. */
    public Optional<T> get(Path file, FileVersion version) {
      Read<T> r = last.get(file);
      return r != null && r.version().equals(version) ? Optional.of(r.value()) : Optional.empty();
    }

    public void put(Path file, FileVersion version, T value) {
      last.put(file, new Read<>(version, value));
    }
  }
}
