package dev.strata.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any sequence of file-system operations a step might make on the parent chain of {@link
 * DriverFixtures}, overlay and vfs give the same tree and byte-identical layers.
 */
class DriverEquivalencePropertiesTest {
  private static final List<String> PATHS =
      List.of(
          "etc",
          "etc/passwd",
          "etc/hosts",
          "etc/motd",
          "usr/lib",
          "usr/lib/liba.so",
          "usr/lib/libb.so",
          "var/cache",
          "var/cache/x",
          "var/cache/new",
          "var/log/b.log",
          "opq",
          "opq/a",
          "opq/sub",
          "opq/sub/c",
          "data/dir",
          "data/dir/f",
          "data/owned",
          "hl/a",
          "hl/b",
          "emptied/only",
          "link",
          "new",
          "new/x",
          "new/y");

  /** One operation, applied only where the tree allows it (the same on both drivers). */
  record Op(String kind, String path, String other, int n) {
    void apply(Path root) throws IOException {
      // Never through a symlink: the step works on the tree's own directories.
      if (!realDirectories(root, path) || !realDirectories(root, other)) {
        return;
      }
      Path p = root.resolve(path);
      Path q = root.resolve(other);
      Stat s = Stat.lstat(p);
      boolean parentIsDir = true;
      switch (kind) {
        case "write" -> {
          if (parentIsDir && (s == null || s.isRegularFile())) {
            Files.writeString(p, "content " + n);
          }
        }
        case "append" -> {
          if (s != null && s.isRegularFile()) {
            Files.writeString(p, "+" + n, StandardOpenOption.APPEND);
          }
        }
        case "rewriteKeepingTime" -> {
          if (s != null && s.isRegularFile() && s.size() > 0) {
            byte[] b = Files.readAllBytes(p);
            b[0] ^= 1;
            Files.write(p, b);
            Instant t = Instant.ofEpochSecond(0, s.mtimeNanos());
            Syscalls.lutimens(p, t, t);
          }
        }
        case "delete" -> {
          if (s != null) {
            DriverFixtures.run(root, "rm", "-rf", path);
          }
        }
        case "mkdir" -> {
          if (parentIsDir && s == null) {
            Files.createDirectory(p);
          }
        }
        case "chmod" -> {
          if (s != null && !s.isSymlink()) {
            Syscalls.lchmod(p, n % 2 == 0 ? 0700 : 0755);
          }
        }
        case "chown" -> {
          if (s != null) {
            Syscalls.lchown(p, n % 3, n % 5);
          }
        }
        case "symlink" -> {
          if (parentIsDir && s == null) {
            Syscalls.symlink(other, p);
          }
        }
        case "hardlink" -> {
          Stat t = Stat.lstat(q);
          if (parentIsDir && s == null && t != null && t.isRegularFile()) {
            Files.createLink(p, q);
          }
        }
        case "xattr" -> {
          if (s != null && (s.isRegularFile() || s.isDirectory())) {
            Syscalls.lsetxattr(p, "user.n", ("v" + n).getBytes(StandardCharsets.UTF_8));
          }
        }
        case "move" -> {
          if (s != null && Stat.lstat(q) == null && !q.startsWith(p)) {
            DriverFixtures.run(root, "mv", path, other);
          }
        }
        case "fifo" -> {
          if (parentIsDir && s == null) {
            Syscalls.mkfifo(p, 0644);
          }
        }
        default -> throw new IllegalStateException(kind);
      }
    }
  }

  /** Whether every directory above {@code rel} exists as a real directory. */
  static boolean realDirectories(Path root, String rel) throws IOException {
    Path p = root;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      p = p.resolve(parts[i]);
      Stat s = Stat.lstat(p);
      if (s == null || !s.isDirectory()) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<List<Op>> steps() {
    Arbitrary<String> kinds =
        Arbitraries.of(
            "write",
            "append",
            "rewriteKeepingTime",
            "delete",
            "mkdir",
            "chmod",
            "chown",
            "symlink",
            "hardlink",
            "xattr",
            "move",
            "fifo");
    Arbitrary<String> paths = Arbitraries.of(PATHS);
    Arbitrary<Op> op =
        Combinators.combine(kinds, paths, paths, Arbitraries.integers().between(0, 99)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 40)
  void anyStepGivesTheSameLayerOnBothDrivers(@ForAll("steps") List<Op> ops) throws IOException {
    Path tmp = Files.createTempDirectory("strata-driver-prop");
    try (Store store = Store.open(tmp)) {
      LayerChain chain = DriverFixtures.parentChain(store);
      OverlayDriver overlay = OverlayDriver.create(store);
      VfsDriver vfs = VfsDriver.create(store);
      Snapshot o = overlay.prepare(chain, "o");
      Snapshot v = vfs.prepare(chain, "v");
      try {
        for (Op op : ops) {
          op.apply(o.rootfs());
          op.apply(v.rootfs());
        }
        assertThat(DriverFixtures.tree(v.rootfs(), false))
            .isEqualTo(DriverFixtures.tree(o.rootfs(), false));
        Diff od = overlay.diff(o);
        Diff vd = vfs.diff(v);
        assertThat(od.changes()).isEqualTo(vd.changes());
        byte[] ol = DriverFixtures.layer(od, true);
        byte[] vl = DriverFixtures.layer(vd, true);
        assertThat(DriverEquivalenceTest.entries(ol))
            .containsExactlyElementsOf(DriverEquivalenceTest.entries(vl));
        assertThat(Digest.sha256(ol)).isEqualTo(Digest.sha256(vl));
      } finally {
        overlay.remove(o);
        vfs.remove(v);
      }
    } finally {
      TreeDeletion.delete(tmp);
    }
  }
}
