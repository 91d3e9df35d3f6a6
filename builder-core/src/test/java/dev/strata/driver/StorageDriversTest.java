package dev.strata.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import dev.strata.fs.MountTable;
import dev.strata.layer.Change;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing a driver by name or by what the kernel allows (this machine and CI: root, overlay). */
class StorageDriversTest {
  @TempDir Path tmp;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open(tmp.resolve("root"));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void autoChoosesOverlayWhereAMountWorksWithoutANotice() throws IOException {
    StorageDrivers.Selection s = StorageDrivers.select(null, store);
    assertThat(s.driver()).isInstanceOf(OverlayDriver.class);
    assertThat(s.driver().name()).isEqualTo("overlay");
    assertThat(s.notice()).isEmpty();
    assertThat(StorageDrivers.select("auto", store).driver().name()).isEqualTo("overlay");
  }

  @Test
  void theProbeLeavesNoMountAndNoFile() throws IOException {
    KernelSupport.OverlayProbe probe = KernelSupport.overlay(store);
    assertThat(probe.usable()).as(probe.reason()).isTrue();
    assertThat(MountTable.under(tmp)).isEmpty();
    for (String session : LayerStack.list(store.root().resolve("tmp"))) {
      assertThat(LayerStack.list(store.root().resolve("tmp").resolve(session))).isEmpty();
    }
  }

  @Test
  void namesPickTheirDriver() throws IOException {
    assertThat(StorageDrivers.select("vfs", store).driver()).isInstanceOf(VfsDriver.class);
    assertThat(StorageDrivers.select("overlay", store).driver()).isInstanceOf(OverlayDriver.class);
  }

  @Test
  void anUnknownNameIsAUserError() {
    assertThatThrownBy(() -> StorageDrivers.select("btrfs", store))
        .isInstanceOf(StrataException.class)
        .hasMessage("unknown storage driver \"btrfs\": use overlay, vfs or auto");
  }

  @Test
  void whereOverlayCannotMountAutoFallsBackToVfsWithANotice() throws IOException {
    // overlayfs refuses to be the upper layer of another overlay: a store inside a snapshot.
    OverlayDriver overlay = OverlayDriver.create(store);
    Snapshot outer = overlay.prepare(LayerChain.empty(), "outer");
    try (Store nested = Store.open(outer.rootfs().resolve("store"))) {
      StorageDrivers.Selection s = StorageDrivers.select("auto", nested);
      assertThat(s.driver()).isInstanceOf(VfsDriver.class);
      assertThat(s.notice())
          .hasValueSatisfying(
              n ->
                  assertThat(n)
                      .startsWith("storage driver overlay is not available here (")
                      .endsWith("); using vfs, which copies each snapshot")
                      .doesNotContain("\n"));
      assertThatThrownBy(() -> StorageDrivers.select("overlay", nested))
          .isInstanceOf(StrataException.class)
          .hasMessageStartingWith("storage driver overlay cannot work here: ");

      // vfs works there, with whiteouts kept as OCI files in the layer directories.
      Snapshot v = s.driver().prepare(DriverFixtures.parentChain(nested), "v");
      assertThat(v.rootfs().resolve("var/log/a.log")).doesNotExist();
      Files.delete(v.rootfs().resolve("etc/motd"));
      assertThat(s.driver().diff(v).changes().changes())
          .containsExactly(Change.modified("etc"), Change.deleted("etc/motd"));
      s.driver().remove(v);
    } finally {
      overlay.remove(outer);
    }
    assertThat(MountTable.under(tmp)).isEmpty();
  }
}
