package dev.strata.driver;

import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import dev.strata.layer.Compression;
import dev.strata.layer.LayerWriter;
import dev.strata.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A parent chain, a step's worth of mutations, and ways to look at trees and layers. */
final class DriverFixtures {
  /** A SOURCE_DATE_EPOCH before the test runs and after the fixture layers' times. */
  static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

  private DriverFixtures() {}

  static LayerRef commit(Store store, byte[] tar) throws IOException {
    Digest blob = store.blobs().put(new ByteArrayInputStream(tar), null, -1);
    return new LayerRef(Digest.sha256(tar), blob);
  }

  /**
   * Three layers: a base with every kind of entry, a second that deletes, replaces and makes a
   * directory opaque, a third that deletes and adds.
   */
  static LayerChain parentChain(Store store) throws IOException {
    byte[] base =
        new TarLayer()
            .dir("etc")
            .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
            .file("etc/hosts", "127.0.0.1 localhost\n")
            .dir("usr")
            .dir("usr/bin")
            .file("usr/bin/tool", 0755, "#!/bin/sh\necho tool\n")
            .dir("usr/lib")
            .file("usr/lib/liba.so", "liba")
            .file("usr/lib/libb.so", "libb")
            .dir("var")
            .dir("var/log")
            .file("var/log/a.log", "a\n")
            .dir("var/cache")
            .dir("var/cache/x")
            .file("var/cache/x/1", "1")
            .file("var/cache/2", "2")
            .dir("data")
            .file("data/keep", "keep")
            .file("data/gone", "gone")
            .dir("data/dir")
            .file("data/dir/f", "0123456789")
            .file("data/owned", "owned", 1234, 5678, "user.origin", "base")
            .dir("swap")
            .file("swap/file", "a file to become a directory")
            .dir("swap/dir")
            .file("swap/dir/inner", "inner")
            .dir("opq")
            .file("opq/a", "a")
            .file("opq/b", "b")
            .dir("opq/sub")
            .file("opq/sub/c", "c")
            .dir("emptied")
            .file("emptied/only", "only")
            .symlink("link", "usr/bin/tool")
            .dir("hl")
            .file("hl/a", "linked")
            .hardlink("hl/b", "hl/a")
            .dir("dev")
            .charDevice("dev/null", 1, 3)
            .fifo("dev/pipe")
            .dir("sticky", 01777)
            .bytes();
    byte[] second =
        new TarLayer()
            .dir("var")
            .dir("var/log")
            .whiteout("var/log/a.log")
            .file("var/log/b.log", "b\n")
            .dir("etc")
            .file("etc/hosts", "127.0.0.1 localhost\n::1 localhost\n")
            .dir("var/cache")
            .opaque("var/cache")
            .file("var/cache/new", "new")
            .bytes();
    byte[] third =
        new TarLayer()
            .dir("usr")
            .dir("usr/bin")
            .file("usr/bin/tool2", 0755, "#!/bin/sh\necho tool2\n")
            .dir("usr/lib")
            .whiteout("usr/lib/libb.so")
            .dir("etc")
            .file("etc/motd", "hello\n")
            .bytes();
    return LayerChain.of(commit(store, base), commit(store, second), commit(store, third));
  }

  /**
   * What a build step might do, touching every kind of change: create, modify, chmod, chown, delete
   * a file and a directory, replace a directory by a file and a file by a directory, symlinks, hard
   * links (among new files and to a parent's file), an extended attribute, a fifo, a device, a
   * directory deleted and made again, a directory emptied, files opened for writing and left alone,
   * a rewrite with its mtime set back, renames of a file and of a directory.
   */
  static void mutate(Path root) throws IOException {
    Files.createDirectory(root.resolve("app"));
    Files.writeString(root.resolve("app/main.txt"), "main\n");
    Files.writeString(
        root.resolve("etc/passwd"), "app:x:1000:1000::/app:/bin/sh\n", StandardOpenOption.APPEND);
    Syscalls.lchmod(root.resolve("usr/bin/tool"), 0700);
    Syscalls.lchown(root.resolve("etc/hosts"), 1000, 1000);
    Files.delete(root.resolve("data/gone"));
    run(root, "rm", "-rf", "var/cache");
    run(root, "rm", "-rf", "swap/dir");
    Files.writeString(root.resolve("swap/dir"), "was a directory");
    Files.delete(root.resolve("swap/file"));
    Files.createDirectory(root.resolve("swap/file"));
    Files.writeString(root.resolve("swap/file/child"), "child");
    Syscalls.symlink("/etc/passwd", root.resolve("app/link"));
    Files.createLink(root.resolve("app/hard"), root.resolve("app/main.txt"));
    Files.createLink(root.resolve("usr/lib/liba-link.so"), root.resolve("usr/lib/liba.so"));
    Syscalls.lsetxattr(
        root.resolve("etc/motd"), "user.note", "set by a step".getBytes(StandardCharsets.UTF_8));
    Syscalls.mkfifo(root.resolve("app/pipe"), 0600);
    Syscalls.mknodChar(root.resolve("app/zero"), 0666, 1, 5);
    run(root, "rm", "-rf", "opq");
    Files.createDirectory(root.resolve("opq"));
    Files.writeString(root.resolve("opq/new"), "new");
    Files.delete(root.resolve("emptied/only"));
    Files.write(root.resolve("data/keep"), new byte[0], StandardOpenOption.APPEND);
    Syscalls.lchmod(root.resolve("usr/lib/liba.so"), 0644);
    Path f = root.resolve("data/dir/f");
    Stat before = Stat.lstat(f);
    Files.writeString(f, "9876543210");
    Instant mtime = Instant.ofEpochSecond(0, before.mtimeNanos());
    Syscalls.lutimens(f, mtime, mtime);
    run(root, "mv", "var/log/b.log", "var/log/c.log");
    run(root, "mv", "usr/lib", "usr/lib64");
  }

  /**
   * Sets every non-directory below {@code root} modified after {@code since} to {@code at}: two
   * trees mutated one after the other may straddle a second, and their new entries' times with it.
   */
  static void pinTimes(Path root, Instant since, Instant at) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Stat s = Stat.lstat(p);
        if (s != null
            && !s.isDirectory()
            && s.mtimeNanos() > since.getEpochSecond() * 1_000_000_000L) {
          Syscalls.lutimens(p, at, at);
        }
      }
    }
  }

  static void run(Path cwd, String... command) throws IOException {
    try {
      Process p =
          new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  /** The layer a diff makes, uncompressed, times clamped to {@link #EPOCH} when asked. */
  static byte[] layer(Diff diff, boolean clamp) throws IOException {
    LayerWriter.Options o = LayerWriter.Options.defaults().withCompression(Compression.NONE);
    if (clamp) {
      o = o.withSourceDateEpoch(EPOCH);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(o).write(diff.root(), diff.changes(), out);
    return out.toByteArray();
  }

  /**
   * Every path below {@code root} with its type, mode, owner, mtime in seconds (directories too
   * when {@code dirTimes}), size and content digest, link target, device number and layer-carried
   * extended attributes: two trees that list alike are alike for any layer.
   */
  static List<String> tree(Path root, boolean dirTimes) throws IOException {
    List<String> out = new ArrayList<>();
    walk(root, "", dirTimes, out);
    return out;
  }

  private static void walk(Path dir, String rel, boolean dirTimes, List<String> out)
      throws IOException {
    List<String> names = LayerStack.list(dir);
    names.sort(TreePaths.BYTE_ORDER);
    for (String name : names) {
      Path p = dir.resolve(name);
      String r = TreePaths.join(rel, name);
      Stat s = Stat.lstat(p);
      StringBuilder b =
          new StringBuilder(r)
              .append(' ')
              .append(Integer.toOctalString(s.mode()))
              .append(' ')
              .append(s.uid())
              .append(':')
              .append(s.gid());
      if (!s.isDirectory() || dirTimes) {
        b.append(" t=").append(Math.floorDiv(s.mtimeNanos(), 1_000_000_000L));
      }
      if (s.isRegularFile()) {
        try (InputStream in = Files.newInputStream(p)) {
          b.append(" ").append(s.size()).append(" ").append(Digest.sha256(in).shortId());
        }
      } else if (s.isSymlink()) {
        b.append(" -> ").append(Syscalls.readlink(p));
      } else if (s.type() == Syscalls.S_IFCHR || s.type() == Syscalls.S_IFBLK) {
        b.append(" dev=").append(s.rdev());
      }
      Map<String, String> x = new TreeMap<>(EntryComparator.xattrs(p));
      if (!x.isEmpty()) {
        b.append(" xattrs=").append(x);
      }
      out.add(b.toString());
      if (s.isDirectory()) {
        walk(p, r, dirTimes, out);
      }
    }
  }
}
