package dev.strata.driver;

import static dev.strata.driver.DriverFixtures.commit;
import static dev.strata.driver.DriverFixtures.mutate;
import static dev.strata.driver.DriverFixtures.parentChain;
import static dev.strata.driver.DriverFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import dev.strata.fs.MountTable;
import dev.strata.fs.TreeDeletion;
import dev.strata.layer.Change;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import dev.strata.store.LayerDir;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay driver with real overlayfs mounts (as root). */
class OverlayDriverTest {
  @TempDir Path tmp;
  private Store store;
  private OverlayDriver overlay;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(tmp.resolve("root"));
    overlay = OverlayDriver.create(store);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    assertThat(MountTable.under(tmp)).isEmpty();
  }

  private List<String> layerDirs() throws IOException {
    List<String> all = new ArrayList<>();
    for (var chainId : store.layers().list()) {
      all.add(chainId.encoded());
      all.addAll(tree(store.layers().path(chainId), true));
    }
    return all;
  }

  private List<String> stagingEntries() throws IOException {
    List<String> out = new ArrayList<>();
    for (String session : LayerStack.list(store.root().resolve("tmp"))) {
      out.addAll(LayerStack.list(store.root().resolve("tmp").resolve(session)));
    }
    return out;
  }

  @Test
  void aStepNeverWritesIntoTheLayersBelow() throws IOException {
    LayerChain chain = parentChain(store);
    Snapshot s = overlay.prepare(chain, "step");
    List<String> before = layerDirs();
    mutate(s.rootfs());
    Files.writeString(s.rootfs().resolve("hl/a"), "rewritten through one name");
    overlay.diff(s);
    assertThat(layerDirs()).isEqualTo(before);
    overlay.remove(s);
    assertThat(layerDirs()).isEqualTo(before);
  }

  @Test
  void eachLayerIsExtractedOnceAndSharedBySnapshots() throws IOException {
    LayerChain chain = parentChain(store);
    Snapshot a = overlay.prepare(chain, "a");
    List<String> layers = layerDirs();
    Snapshot b = overlay.prepare(chain, "b");
    assertThat(layerDirs()).isEqualTo(layers);
    assertThat(store.layers().list()).hasSize(3);
    Files.writeString(a.rootfs().resolve("only-in-a"), "a");
    assertThat(b.rootfs().resolve("only-in-a")).doesNotExist();
    overlay.remove(a);
    overlay.remove(b);
  }

  @Test
  void removeLeavesNoMountAndNoDirectory() throws IOException {
    Snapshot s = overlay.prepare(parentChain(store), "step");
    assertThat(MountTable.isMountPoint(s.rootfs())).isTrue();
    Files.writeString(s.rootfs().resolve("x"), "x");
    overlay.remove(s);
    assertThat(MountTable.under(store.root())).isEmpty();
    assertThat(s.home()).doesNotExist();
    assertThat(stagingEntries()).isEmpty();
    overlay.remove(s);
  }

  @Test
  void aFailedMountSaysWhyAndLeavesNothing() throws IOException {
    LayerChain chain = parentChain(store);
    overlay.remove(overlay.prepare(chain, "first"));
    // A damaged store: the layer's record is there, its files are not.
    LayerDir middle = store.layers().get(chain.chainIds().get(1)).orElseThrow();
    TreeDeletion.delete(middle.diff());
    assertThatThrownBy(() -> overlay.prepare(chain, "step"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("cannot prepare overlay snapshot step: mount overlay on ")
        .hasMessageContaining("No such file or directory");
    assertThat(MountTable.under(store.root())).isEmpty();
    assertThat(stagingEntries()).isEmpty();
  }

  @Test
  void aFailedMountInACallersHomeLeavesItEmpty() throws IOException {
    LayerChain chain = parentChain(store);
    overlay.remove(overlay.prepare(chain, "first"));
    TreeDeletion.delete(store.layers().get(chain.chainIds().get(0)).orElseThrow().diff());
    Path home = Files.createDirectory(tmp.resolve("container"));
    assertThatThrownBy(() -> overlay.prepare(chain, "c1", home))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("mount overlay");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void aHomeWithSpacesCommasAndColonsMountsAndUnmounts() throws IOException {
    Path home = tmp.resolve("containers/a b,c:d");
    Snapshot s = overlay.prepare(parentChain(store), "c1", home);
    assertThat(MountTable.isMountPoint(s.rootfs())).isTrue();
    assertThat(Files.readString(s.rootfs().resolve("etc/motd"))).isEqualTo("hello\n");
    overlay.remove(s);
    assertThat(MountTable.under(tmp)).isEmpty();
    assertThat(home).doesNotExist();
  }

  @Test
  void aNonEmptyHomeIsRefused() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("container"));
    Files.writeString(home.resolve("stuff"), "x");
    assertThatThrownBy(() -> overlay.prepare(LayerChain.empty(), "c1", home))
        .isInstanceOf(StrataException.class)
        .hasMessage("cannot make a snapshot in " + home + ": it is not empty");
    assertThat(home.resolve("stuff")).exists();
  }

  @Test
  void aSnapshotOnScratchStartsEmpty() throws IOException {
    Snapshot s = overlay.prepare(LayerChain.empty(), "scratch");
    assertThat(LayerStack.list(s.rootfs())).isEmpty();
    Files.writeString(s.rootfs().resolve("hello"), "hi");
    assertThat(overlay.diff(s).changes().changes()).containsExactly(Change.added("hello"));
    overlay.remove(s);
  }

  @Test
  void aReleasedSnapshotOpensAgainWithItsChanges() throws IOException {
    LayerChain chain = parentChain(store);
    Path home = tmp.resolve("containers/c1");
    Snapshot s = overlay.prepare(chain, "c1", home);
    Files.writeString(s.rootfs().resolve("etc/passwd"), "changed\n");
    overlay.release(s);
    assertThat(MountTable.isMountPoint(s.rootfs())).isFalse();
    overlay.release(s);

    OverlayDriver other = OverlayDriver.create(store);
    Snapshot again = other.open(home);
    assertThat(again).isEqualTo(s);
    assertThat(Files.readString(again.rootfs().resolve("etc/passwd"))).isEqualTo("changed\n");
    assertThat(other.diff(again).changes().changes())
        .containsExactly(Change.modified("etc/passwd"));
    other.remove(again);
    assertThat(home).doesNotExist();
  }

  @Test
  void aSnapshotMadeByAnotherDriverIsNotOpened() throws IOException {
    VfsDriver vfs = VfsDriver.create(store);
    Path home = tmp.resolve("containers/c1");
    Snapshot s = vfs.prepare(LayerChain.empty(), "c1", home);
    assertThatThrownBy(() -> overlay.open(home))
        .isInstanceOf(StrataException.class)
        .hasMessage("snapshot c1 in " + home + " was made by storage driver vfs, not overlay");
    vfs.remove(s);
  }

  @Test
  void diffNeedsTheSnapshotMounted() throws IOException {
    Snapshot s = overlay.prepare(LayerChain.empty(), "c1", tmp.resolve("c1"));
    overlay.release(s);
    assertThatThrownBy(() -> overlay.diff(s))
        .isInstanceOf(StrataException.class)
        .hasMessage("overlay snapshot c1 is not mounted at " + s.rootfs());
    overlay.remove(s);
  }

  @Test
  void aChainTooLongForOneMountOptionPageMountsThroughShortLinks() throws IOException {
    LayerChain chain = LayerChain.empty();
    for (int i = 0; i < 70; i++) {
      chain = chain.with(commit(store, new TarLayer().file("f" + i, "layer " + i).bytes()));
    }
    chain = chain.with(commit(store, new TarLayer().whiteout("f3").bytes()));
    Snapshot s = overlay.prepare(chain, "long");
    assertThat(s.home().resolve("l/70")).isSymbolicLink();
    assertThat(Files.readString(s.rootfs().resolve("f0"))).isEqualTo("layer 0");
    assertThat(Files.readString(s.rootfs().resolve("f69"))).isEqualTo("layer 69");
    assertThat(s.rootfs().resolve("f3")).doesNotExist();
    Files.delete(s.rootfs().resolve("f10"));
    assertThat(overlay.diff(s).changes().changes()).containsExactly(Change.deleted("f10"));
    overlay.remove(s);
    assertThat(MountTable.under(store.root())).isEmpty();
  }

  @Test
  void aReadOnlyViewShowsTheChainAndRefusesWrites() throws IOException {
    LayerChain chain = parentChain(store);
    try (ReadOnlyView view = overlay.view(chain, "stage")) {
      assertThat(Files.readString(view.root().resolve("etc/motd"))).isEqualTo("hello\n");
      assertThat(view.root().resolve("usr/lib/libb.so")).doesNotExist();
      assertThatThrownBy(() -> Files.writeString(view.root().resolve("x"), "x"))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("Read-only file system");
    }
    assertThat(MountTable.under(store.root())).isEmpty();
    assertThat(stagingEntries()).isEmpty();
  }

  @Test
  void layersExtractedWithOciWhiteoutFilesAreConvertedForOverlay() throws IOException {
    LayerChain chain = parentChain(store);
    // What a process without root leaves: OCI whiteout files, a diff directory it owns.
    for (LayerDir dir : new LayerDirs(store, WhiteoutMode.KEEP).ensure(chain)) {
      dev.strata.fs.Syscalls.lchown(dir.diff(), 1000, 1000);
    }
    assertThat(store.layers().path(chain.chainIds().get(1)).resolve("diff/var/log/.wh.a.log"))
        .exists();
    List<String> expected;
    VfsDriver vfs = VfsDriver.create(store);
    Snapshot v = vfs.prepare(chain, "v");
    expected = tree(v.rootfs(), true);
    vfs.remove(v);

    Snapshot o = overlay.prepare(chain, "o");
    assertThat(tree(o.rootfs(), true)).isEqualTo(expected);
    assertThat(store.layers().path(chain.chainIds().get(1)).resolve("diff/var/log/.wh.a.log"))
        .doesNotExist();
    assertThat(overlay.diff(o).changes().isEmpty()).isTrue();
    overlay.remove(o);
  }
}
