package dev.strata.driver;

import static dev.strata.driver.DriverFixtures.mutate;
import static dev.strata.driver.DriverFixtures.parentChain;
import static dev.strata.driver.DriverFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.MountTable;
import dev.strata.fs.Syscalls;
import dev.strata.layer.Change;
import dev.strata.layer.LayerApplier;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vfs driver: real copies, compared against the layer directories. */
class VfsDriverTest {
  @TempDir Path tmp;
  private Store store;
  private VfsDriver vfs;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(tmp.resolve("root"));
    vfs = VfsDriver.create(store);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    assertThat(MountTable.under(tmp)).isEmpty();
  }

  private List<String> stagingEntries() throws IOException {
    List<String> out = new ArrayList<>();
    for (String session : LayerStack.list(store.root().resolve("tmp"))) {
      out.addAll(LayerStack.list(store.root().resolve("tmp").resolve(session)));
    }
    return out;
  }

  private static Set<Long> inodes(Path root) throws IOException {
    Set<Long> out = new HashSet<>();
    try (var paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        out.add(Stat.lstat(p).ino());
      }
    }
    return out;
  }

  @Test
  void theCopyKeepsEveryKindOfEntry() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Path r = s.rootfs();
    Stat owned = Stat.lstat(r.resolve("data/owned"));
    assertThat(owned.uid()).isEqualTo(1234);
    assertThat(owned.gid()).isEqualTo(5678);
    assertThat(owned.permissions()).isEqualTo(0640);
    assertThat(owned.mtimeNanos()).isEqualTo(TarLayer.MTIME_MILLIS * 1_000_000L);
    assertThat(Syscalls.lgetxattr(r.resolve("data/owned"), "user.origin"))
        .isEqualTo("base".getBytes(StandardCharsets.UTF_8));
    Stat dev = Stat.lstat(r.resolve("dev/null"));
    assertThat(dev.type()).isEqualTo(Syscalls.S_IFCHR);
    assertThat(dev.rdev()).isEqualTo(Syscalls.makedev(1, 3));
    assertThat(Stat.lstat(r.resolve("dev/pipe")).type()).isEqualTo(Syscalls.S_IFIFO);
    assertThat(Stat.lstat(r.resolve("sticky")).permissions()).isEqualTo(01777);
    assertThat(Syscalls.readlink(r.resolve("link"))).isEqualTo("usr/bin/tool");
    assertThat(Stat.lstat(r.resolve("usr/bin/tool")).permissions()).isEqualTo(0755);
    // What the upper layers deleted is gone; what they replaced is theirs.
    assertThat(r.resolve("var/log/a.log")).doesNotExist();
    assertThat(r.resolve("var/cache/x")).doesNotExist();
    assertThat(r.resolve("usr/lib/libb.so")).doesNotExist();
    assertThat(LayerStack.list(r.resolve("var/cache"))).containsExactly("new");
    assertThat(Files.readString(r.resolve("etc/hosts"))).contains("::1");
    vfs.remove(s);
  }

  @Test
  void theCopySharesNoInodeWithTheLayers() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Set<Long> layerInodes = inodes(store.root().resolve("layers"));
    try (var paths = Files.walk(s.rootfs())) {
      for (Path p : paths.toList()) {
        Stat st = Stat.lstat(p);
        assertThat(layerInodes).doesNotContain(st.ino());
        if (!st.isDirectory()) {
          assertThat(st.nlink()).as(p.toString()).isEqualTo(1);
        }
      }
    }
    vfs.remove(s);
  }

  @Test
  void aStepNeverWritesIntoTheLayersBelow() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Path layers = store.root().resolve("layers");
    List<String> before = tree(layers, true);
    mutate(s.rootfs());
    Files.writeString(s.rootfs().resolve("hl/a"), "rewritten through one name");
    vfs.diff(s);
    assertThat(tree(layers, true)).isEqualTo(before);
    vfs.remove(s);
  }

  @Test
  void nothingDoneIsNoChange() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Files.readString(s.rootfs().resolve("etc/passwd"));
    assertThat(vfs.diff(s).changes().isEmpty()).isTrue();
    vfs.remove(s);
  }

  @Test
  void aRewriteWithItsTimeSetBackIsStillAChange() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Path f = s.rootfs().resolve("data/dir/f");
    Stat before = Stat.lstat(f);
    Files.writeString(f, "abcdefghij");
    Instant t = Instant.ofEpochSecond(0, before.mtimeNanos());
    Syscalls.lutimens(f, t, t);
    // Touched and put back exactly as it was: not a change.
    Syscalls.lchmod(s.rootfs().resolve("etc/hosts"), 0600);
    Syscalls.lchmod(s.rootfs().resolve("etc/hosts"), 0644);
    assertThat(vfs.diff(s).changes().changes()).containsExactly(Change.modified("data/dir/f"));
    vfs.remove(s);
  }

  @Test
  void aDriverThatDidNotMakeTheSnapshotFindsTheSameDiff() throws IOException {
    Path home = tmp.resolve("containers/c1");
    Snapshot s = vfs.prepare(parentChain(store), "c1", home);
    mutate(s.rootfs());
    Diff mine = vfs.diff(s);
    VfsDriver other = VfsDriver.create(store);
    Snapshot again = other.open(home);
    assertThat(again).isEqualTo(s);
    assertThat(other.diff(again)).isEqualTo(mine);
    other.remove(again);
    assertThat(home).doesNotExist();
  }

  @Test
  void removeLeavesNothing() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    Syscalls.lchmod(s.rootfs().resolve("etc"), 0);
    vfs.remove(s);
    assertThat(s.home()).doesNotExist();
    assertThat(stagingEntries()).isEmpty();
  }

  @Test
  void aLayerThatCannotBeExtractedFailsThePrepareCleanly() throws IOException {
    LayerChain chain =
        parentChain(store)
            .with(new LayerRef(Digest.sha256("missing"), Digest.sha256("missing blob")));
    assertThatThrownBy(() -> vfs.prepare(chain, "step"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining(Digest.sha256("missing blob").toString());
    assertThat(stagingEntries()).isEmpty();
  }

  @Test
  void aReadOnlyViewRefusesWrites() throws IOException {
    try (ReadOnlyView view = vfs.view(parentChain(store), "stage")) {
      assertThat(Files.readString(view.root().resolve("etc/motd"))).isEqualTo("hello\n");
      assertThatThrownBy(() -> Files.writeString(view.root().resolve("x"), "x"))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("Read-only file system");
    }
    assertThat(MountTable.under(store.root())).isEmpty();
    assertThat(stagingEntries()).isEmpty();
  }

  @Test
  void onAFileSystemWithoutReflinksFilesAreCopiedByteForByte() throws IOException {
    Snapshot s = vfs.prepare(parentChain(store), "step");
    assertThat(vfs.triesReflinks()).isFalse();
    assertThat(Files.readString(s.rootfs().resolve("etc/passwd"))).startsWith("root:");
    vfs.remove(s);
  }

  @Test
  void onXfsWithReflinksFilesAreCloned() throws IOException {
    Path image = tmp.resolve("xfs.img");
    Path mount = Files.createDirectory(tmp.resolve("xfs"));
    try (var f =
        java.nio.channels.FileChannel.open(
            image,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      f.truncate(0);
      f.position(320L * 1024 * 1024 - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
    }
    DriverFixtures.run(tmp, "mkfs.xfs", "-q", "-m", "reflink=1", image.toString());
    DriverFixtures.run(tmp, "mount", "-o", "loop", image.toString(), mount.toString());
    try (Store xfsStore = Store.open(mount.resolve("root"))) {
      VfsDriver driver = VfsDriver.create(xfsStore);
      Snapshot s = driver.prepare(parentChain(xfsStore), "step");
      assertThat(driver.triesReflinks()).isTrue();
      Path copy = s.rootfs().resolve("etc/passwd");
      Files.writeString(copy, "changed\n");
      LayerStack stack =
          LayerStack.of(
              new LayerDirs(xfsStore, KernelSupport.whiteoutMode(xfsStore)).diffs(s.parent()));
      assertThat(Files.readString(stack.lookup("etc/passwd").path())).startsWith("root:");
      assertThat(driver.diff(s).changes().changes()).containsExactly(Change.modified("etc/passwd"));
      driver.remove(s);
    } finally {
      MountTable.unmount(mount);
    }
  }

  /** Every directory below {@code root} marked opaque for overlayfs. */
  private static List<String> opaque(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted().toList()) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Syscalls.lgetxattr(p, LayerApplier.OVERLAY_OPAQUE) != null) {
          out.add(root.relativize(p).toString());
        }
      }
    }
    return out;
  }

  @Test
  void aCommittedSnapshotBecomesTheLayerDirectoryItsBlobWouldExtractTo() throws IOException {
    LayerChain chain = DriverFixtures.parentChain(store);
    Snapshot v = vfs.prepare(chain, "v");
    DriverFixtures.mutate(v.rootfs());
    Diff diff = vfs.diff(v);
    byte[] tar = DriverFixtures.layer(diff, false);
    LayerRef top = DriverFixtures.commit(store, tar);
    Path extracted = Files.createDirectory(tmp.resolve("extracted"));
    new LayerApplier(
            LayerApplier.Options.defaults().withWhiteouts(LayerApplier.WhiteoutMode.OVERLAY))
        .apply(new java.io.ByteArrayInputStream(tar), extracted);

    assertThat(vfs.commit(v, diff, top)).isTrue();
    vfs.remove(v);

    Path adopted =
        store
            .layers()
            .get(dev.strata.image.ChainId.of(chain.chainId().orElseThrow(), top.diffId()))
            .orElseThrow()
            .diff();
    assertThat(DriverFixtures.tree(adopted, true))
        .isEqualTo(DriverFixtures.tree(extracted, true))
        .anyMatch(e -> e.contains(" dev=0")); // whiteouts came along
    assertThat(opaque(adopted)).isEqualTo(opaque(extracted)).isNotEmpty();

    // The next snapshot stands on the kept directory: it shows the step's result.
    Snapshot next = vfs.prepare(chain.with(top), "next");
    Path replay = Files.createDirectory(tmp.resolve("replay"));
    LayerApplier applier = new LayerApplier();
    for (LayerRef ref : chain.with(top).layers()) {
      try (var in = store.blobs().open(ref.blob())) {
        applier.apply(in, replay);
      }
    }
    assertThat(DriverFixtures.tree(next.rootfs(), false))
        .isEqualTo(DriverFixtures.tree(replay, false));
    assertThat(vfs.diff(next).changes().isEmpty()).isTrue();
    vfs.remove(next);
  }
}
