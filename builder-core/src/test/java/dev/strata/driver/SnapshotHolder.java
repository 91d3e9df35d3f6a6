package dev.strata.driver;

import dev.strata.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link KilledProcessTest}: prepares an overlay snapshot and a vfs
 * snapshot on the store at {@code args[0]}, writes into them, says "ready" and waits to be killed.
 */
public final class SnapshotHolder {
  private SnapshotHolder() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    LayerChain chain = DriverFixtures.parentChain(store);
    Snapshot o = OverlayDriver.create(store).prepare(chain, "held");
    Files.writeString(o.rootfs().resolve("etc/passwd"), "written by the killed process\n");
    Snapshot v = VfsDriver.create(store).prepare(chain, "held");
    Files.writeString(v.rootfs().resolve("etc/passwd"), "written by the killed process\n");
    try (var view = OverlayDriver.create(store).view(chain, "held")) {
      System.out.println(Files.isDirectory(view.root().resolve("etc")) ? "ready" : "no view");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
