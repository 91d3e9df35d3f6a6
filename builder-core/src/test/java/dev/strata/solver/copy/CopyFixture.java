package dev.strata.solver.copy;

import dev.strata.context.BuildContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** A build context and a rootfs in a temporary directory, with helpers to fill and inspect them. */
final class CopyFixture implements AutoCloseable {
  final Path ctx;
  final Path rootfs;
  final FileCopier copier = new FileCopier();

  CopyFixture(Path base) {
    try {
      ctx = Files.createDirectories(base.resolve("ctx")).toRealPath();
      rootfs = Files.createDirectories(base.resolve("rootfs")).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file(String rel, String content) {
    return write(ctx, rel, content);
  }

  Path file(String rel, String content, int mode) {
    Path p = write(ctx, rel, content);
    setMode(p, mode);
    return p;
  }

  Path dir(String rel) {
    return mkdir(ctx, rel);
  }

  Path link(String rel, String target) {
    return symlink(ctx, rel, target);
  }

  Path rootFile(String rel, String content) {
    return write(rootfs, rel, content);
  }

  Path rootDir(String rel) {
    return mkdir(rootfs, rel);
  }

  Path rootLink(String rel, String target) {
    return symlink(rootfs, rel, target);
  }

  CopyRequest.Builder copy(String... sources) {
    return CopyRequest.copy(CopySource.context(BuildContext.open(ctx))).sources(sources);
  }

  CopyRequest.Builder add(String... sources) {
    return CopyRequest.add(CopySource.context(BuildContext.open(ctx))).sources(sources);
  }

  CopyResult run(CopyRequest.Builder b) {
    return copier.copy(b.build(), rootfs);
  }

  Path out(String rel) {
    return rootfs.resolve(rel);
  }

  String read(String rel) {
    try {
      return Files.readString(out(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(String rel) {
    return Files.exists(out(rel), LinkOption.NOFOLLOW_LINKS);
  }

  static int mode(Path p) {
    return (Integer) attr(p, "unix:mode") & 07777;
  }

  static int uid(Path p) {
    return (Integer) attr(p, "unix:uid");
  }

  static int gid(Path p) {
    return (Integer) attr(p, "unix:gid");
  }

  static Instant mtime(Path p) {
    return ((FileTime) attr(p, "unix:lastModifiedTime")).toInstant();
  }

  static Object attr(Path p, String name) {
    try {
      Map<String, Object> m = Files.readAttributes(p, name, LinkOption.NOFOLLOW_LINKS);
      return m.values().iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void setMode(Path p, int mode) {
    try {
      Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void setOwner(Path p, int uid, int gid) {
    try {
      Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void setMtime(Path p, Instant t) {
    try {
      Files.setLastModifiedTime(p, FileTime.from(t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path root, String rel, String content) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path mkdir(Path root, String rel) {
    try {
      return Files.createDirectories(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path symlink(Path root, String rel, String target) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      return Files.createSymbolicLink(p, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    copier.close();
  }
}
