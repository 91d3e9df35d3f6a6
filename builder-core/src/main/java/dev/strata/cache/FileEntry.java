package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.context.EntryType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step's key covers of one selected context entry: path, type, permission bits, owner (only
 * when ownership counts), and the content digest of a file or the target of a link. Never times,
 * sizes or inode numbers.
 *
 * @param path relative to the context root, slash-separated
 * @param mode permission bits with setuid, setgid and sticky
 * @param owner uid and gid, present exactly when the {@link FileSet} counts owners
 * @param content the sha256 of a regular file's bytes; empty for every other type
 * @param linkTarget a symbolic link's target; empty for every other type
 */
public record FileEntry(
    String path,
    EntryType type,
    int mode,
    Optional<Owner> owner,
    Optional<Digest> content,
    Optional<String> linkTarget) {

  /** A numeric owner. */
  public record Owner(int uid, int gid) {
    @Override
    public String toString() {
      return uid + ":" + gid;
    }
  }

  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(linkTarget, "linkTarget");
    if (path.isEmpty() || !Framing.isValidUnicode(path)) {
      throw new IllegalArgumentException("invalid file path: " + path);
    }
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode has more than permission bits: " + path);
    }
    if (content.isPresent() != (type == EntryType.FILE)) {
      throw new IllegalArgumentException("a content digest belongs to regular files only: " + path);
    }
    if (linkTarget.isPresent() != (type == EntryType.SYMLINK)) {
      throw new IllegalArgumentException("a link target belongs to symlinks only: " + path);
    }
    if (linkTarget.isPresent() && !Framing.isValidUnicode(linkTarget.get())) {
      throw new IllegalArgumentException("invalid link target of " + path);
    }
  }

  public static FileEntry file(String path, int mode, Digest content) {
    return new FileEntry(
        path, EntryType.FILE, mode, Optional.empty(), Optional.of(content), Optional.empty());
  }

  public static FileEntry directory(String path, int mode) {
    return new FileEntry(
        path, EntryType.DIR, mode, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static FileEntry symlink(String path, int mode, String target) {
    return new FileEntry(
        path, EntryType.SYMLINK, mode, Optional.empty(), Optional.empty(), Optional.of(target));
  }

  public FileEntry withOwner(int uid, int gid) {
    return new FileEntry(path, type, mode, Optional.of(new Owner(uid, gid)), content, linkTarget);
  }
}
