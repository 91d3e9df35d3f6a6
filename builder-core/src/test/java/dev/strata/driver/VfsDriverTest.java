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

  @Test
  void aSnapshotHandedOnFindsTheNextStepsChangesAsAFreshCopyWould() throws IOException {
    LayerChain chain = DriverFixtures.parentChain(store);
    Snapshot first = vfs.prepare(chain, "first");
    DriverFixtures.mutate(first.rootfs());
    // A socket a step leaves behind is in no layer, and so in no copy either.
    try (var socket =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      socket.bind(java.net.UnixDomainSocketAddress.of(first.rootfs().resolve("app/sock")));
    }
    assertThat(Files.exists(first.rootfs().resolve("app/sock"))).isTrue();
    Diff firstDiff = vfs.diff(first);
    LayerRef top = DriverFixtures.commit(store, DriverFixtures.layer(firstDiff, false));
    LayerChain next = chain.with(top);

    Snapshot continued = vfs.continueWith(first, next, "continued").orElseThrow();
    assertThat(Files.exists(first.home())).isFalse();
    // A copy of the same chain, with the top layer extracted from its blob.
    Snapshot fresh = vfs.prepare(next, "fresh");
    assertThat(tree(continued.rootfs(), false)).isEqualTo(tree(fresh.rootfs(), false));
    assertThat(Files.exists(continued.rootfs().resolve("app/sock"))).isFalse();
    assertThat(vfs.diff(continued).changes().isEmpty()).isTrue();

    secondStep(continued.rootfs());
    secondStep(fresh.rootfs());
    Diff handedOn = vfs.diff(continued);
    Diff copied = vfs.diff(fresh);
    assertThat(handedOn.changes()).isEqualTo(copied.changes());
    assertThat(DriverFixtures.layer(handedOn, true)).isEqualTo(DriverFixtures.layer(copied, true));
    // The rewrite that kept size and mtime is only seen by comparing contents, and the first
    // step's hard link to it was split when the tree was handed on, as a copy splits it.
    assertThat(paths(handedOn)).contains("app/main.txt", "data/keep", "hl", "opq");
    assertThat(paths(handedOn)).doesNotContain("app/hard", "usr/bin/tool2", "etc/motd");
    vfs.remove(continued);
    vfs.remove(fresh);
  }

  @Test
  void aHandedOnSnapshotTellsTouchedDirectoriesWithoutTheLayerBelow() throws IOException {
    LayerChain chain = DriverFixtures.parentChain(store);
    Snapshot first = vfs.prepare(chain, "first");
    DriverFixtures.mutate(first.rootfs());
    LayerRef top = DriverFixtures.commit(store, DriverFixtures.layer(vfs.diff(first), false));
    LayerChain next = chain.with(top);
    Snapshot continued = vfs.continueWith(first, next, "continued").orElseThrow();

    // What a run's mount points do: made and removed again, the directory's times put back.
    Path etc = continued.rootfs().resolve("etc");
    Stat before = Stat.lstat(etc);
    Files.createFile(etc.resolve("stub"));
    Files.delete(etc.resolve("stub"));
    Instant mtime = Instant.ofEpochSecond(0, before.mtimeNanos());
    Syscalls.lutimens(etc, mtime, mtime);
    Files.writeString(continued.rootfs().resolve("app/n"), "n");

    assertThat(paths(vfs.diff(continued))).containsExactly("app", "app/n");
    // Nothing needed the first step's layer directory, so it was never extracted.
    Digest topChain = dev.strata.image.ChainId.of(chain.chainId().orElseThrow(), top.diffId());
    assertThat(store.layers().get(topChain)).isEmpty();
    vfs.remove(continued);
  }

  @Test
  void overlayDoesNotContinueSnapshots() throws IOException {
    assertThat(vfs.continues()).isTrue();
    StorageDriver overlay = StorageDrivers.select("overlay", store).driver();
    assertThat(overlay.continues()).isFalse();
  }

  /** Every path a diff records (changed or deleted), in order. */
  private static List<String> paths(Diff diff) throws IOException {
    List<String> out = new ArrayList<>();
    for (Change c : diff.changes().changes()) {
      out.add(c.path());
    }
    return out;
  }

  /**
   * A second step on the tree {@link DriverFixtures#mutate} left: changes to what the first step
   * made and to what it kept, all with fixed times so that two trees changed one after the other
   * agree.
   */
  private static void secondStep(Path root) throws IOException {
    Instant t = Instant.ofEpochSecond(1_700_000_000L);
    Files.writeString(root.resolve("app/second.txt"), "second");
    Syscalls.lutimens(root.resolve("app/second.txt"), t, t);
    // Same size, mtime set back: a rewrite only a content comparison finds.
    Path main = root.resolve("app/main.txt");
    Stat before = Stat.lstat(main);
    Files.writeString(main, "MAIN\n");
    Instant mtime = Instant.ofEpochSecond(0, before.mtimeNanos());
    Syscalls.lutimens(main, mtime, mtime);
    Files.delete(root.resolve("swap/file/child"));
    Files.delete(root.resolve("opq/new"));
    Files.writeString(root.resolve("data/keep"), "kept, changed");
    Syscalls.lutimens(root.resolve("data/keep"), t, t);
    Syscalls.lchmod(root.resolve("usr/bin/tool"), 0750);
    DriverFixtures.run(root, "rm", "-rf", "hl");
    Files.createDirectories(root.resolve("new/dir"));
  }
}
