package dev.strata.driver;

import static dev.strata.driver.DriverFixtures.layer;
import static dev.strata.driver.DriverFixtures.mutate;
import static dev.strata.driver.DriverFixtures.parentChain;
import static dev.strata.driver.DriverFixtures.pinTimes;
import static dev.strata.driver.DriverFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.fs.MountTable;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerEntry;
import dev.strata.layer.LayerReader;
import dev.strata.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the drivers exist for: the same step on the same parent gives the same layer, byte
 * for byte, whether the snapshot is an overlay mount or a copy. Runs as root with real overlayfs.
 */
class DriverEquivalenceTest {
  private static final java.time.Instant STARTED = java.time.Instant.now().minusSeconds(60);
  private static final java.time.Instant PINNED = java.time.Instant.ofEpochSecond(1_750_000_000L);

  @TempDir Path tmp;
  private Store store;
  private OverlayDriver overlay;
  private VfsDriver vfs;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(tmp.resolve("root"));
    overlay = OverlayDriver.create(store);
    vfs = VfsDriver.create(store);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    assertThat(MountTable.under(tmp)).isEmpty();
  }

  @Test
  void bothDriversStartFromTheSameTree() throws IOException {
    LayerChain chain = parentChain(store);
    Snapshot o = overlay.prepare(chain, "o");
    Snapshot v = vfs.prepare(chain, "v");
    assertThat(tree(v.rootfs(), true)).isEqualTo(tree(o.rootfs(), true)).isNotEmpty();
    assertThat(overlay.diff(o).changes().isEmpty()).isTrue();
    assertThat(vfs.diff(v).changes().isEmpty()).isTrue();
    overlay.remove(o);
    vfs.remove(v);
  }

  @Test
  void theSameStepGivesByteIdenticalLayers() throws IOException {
    LayerChain chain = parentChain(store);
    Snapshot o = overlay.prepare(chain, "o");
    Snapshot v = vfs.prepare(chain, "v");
    mutate(o.rootfs());
    mutate(v.rootfs());
    pinTimes(o.rootfs(), STARTED, PINNED);
    pinTimes(v.rootfs(), STARTED, PINNED);
    assertThat(tree(v.rootfs(), false)).isEqualTo(tree(o.rootfs(), false));

    Diff od = overlay.diff(o);
    Diff vd = vfs.diff(v);
    assertThat(od.changes()).isEqualTo(vd.changes());
    byte[] ol = layer(od, true);
    byte[] vl = layer(vd, true);
    assertThat(entries(ol)).containsExactlyElementsOf(entries(vl));
    assertThat(Digest.sha256(ol)).isEqualTo(Digest.sha256(vl));

    assertThat(kinds(ol))
        .contains(
            "- app/hard",
            "h app/main.txt",
            "l app/link",
            "p app/pipe",
            "c app/zero",
            "- etc/passwd",
            "- etc/hosts",
            "- etc/motd",
            "- usr/bin/tool",
            "W data/gone",
            "- data/dir/f",
            "W var/cache",
            "- swap/dir",
            "d swap/file",
            "- swap/file/child",
            "O opq",
            "- opq/new",
            "O emptied",
            "O var/log",
            "- var/log/c.log",
            "W usr/lib",
            "d usr/lib64",
            "- usr/lib64/liba-link.so",
            "h usr/lib64/liba.so")
        .doesNotContain(
            "- data/keep", "W opq/a", "W emptied/only", "W var/log/b.log", "- usr/bin/tool2");
    overlay.remove(o);
    vfs.remove(v);
  }

  @Test
  void theLayerReplaysTheStepOnTheParent() throws IOException {
    LayerChain chain = parentChain(store);
    Snapshot o = overlay.prepare(chain, "o");
    Snapshot v = vfs.prepare(chain, "v");
    mutate(o.rootfs());
    mutate(v.rootfs());
    pinTimes(o.rootfs(), STARTED, PINNED);
    pinTimes(v.rootfs(), STARTED, PINNED);
    byte[] ol = layer(overlay.diff(o), false);
    byte[] vl = layer(vfs.diff(v), false);

    // Each layer replays its own snapshot: the two mutations may straddle a second, so their
    // new files' mtimes may differ by one.
    Map<byte[], Path> layers = new java.util.LinkedHashMap<>();
    layers.put(ol, o.rootfs());
    layers.put(vl, v.rootfs());
    for (Map.Entry<byte[], Path> step : layers.entrySet()) {
      Path replay = Files.createTempDirectory(tmp, "replay");
      LayerApplier applier = new LayerApplier();
      for (LayerRef ref : chain.layers()) {
        try (var in = store.blobs().open(ref.blob())) {
          applier.apply(in, replay);
        }
      }
      applier.apply(new ByteArrayInputStream(step.getKey()), replay);
      assertThat(tree(replay, false)).isEqualTo(tree(step.getValue(), false));
    }
    overlay.remove(o);
    vfs.remove(v);
  }

  static List<String> entries(byte[] layer) {
    return LayerReader.list(new ByteArrayInputStream(layer)).stream()
        .map(LayerEntry::toString)
        .toList();
  }

  static List<String> kinds(byte[] layer) {
    return LayerReader.list(new ByteArrayInputStream(layer)).stream()
        .map(e -> e.toString().charAt(0) + " " + e.path())
        .toList();
  }
}
