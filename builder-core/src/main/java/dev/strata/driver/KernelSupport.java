package dev.strata.driver;

import dev.strata.fs.ErrnoException;
import dev.strata.fs.MountTable;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this kernel and this process allow on a store's file system, found out once per store root
 * by trying it for real in the store's staging area: whether overlay whiteouts can be made (mknod
 * of a 0/0 character device, a {@code trusted.*} attribute), and whether an overlay mount with
 * upper and work directories there works.
 */
final class KernelSupport {
  /** Whether overlay works here, and if not, why (for the notice). */
  record OverlayProbe(boolean usable, String reason) {}

  /** The whiteout form layer directories get here, and why not overlay's when not. */
  record Whiteouts(WhiteoutMode mode, String reason) {}

  private static final Map<Path, Whiteouts> WHITEOUTS = new ConcurrentHashMap<>();
  private static final Map<Path, OverlayProbe> OVERLAY = new ConcurrentHashMap<>();

  private KernelSupport() {}

  /** The whiteout form layer directories get on this store. */
  static WhiteoutMode whiteoutMode(Store store) throws IOException {
    return whiteouts(store).mode();
  }

  static Whiteouts whiteouts(Store store) throws IOException {
    Whiteouts known = WHITEOUTS.get(store.root());
    if (known != null) {
      return known;
    }
    Path dir = store.newTempDirectory("probe-whiteouts");
    Whiteouts found;
    try {
      Syscalls.mknodChar(dir.resolve("w"), 0, 0, 0);
      Syscalls.lsetxattr(dir, LayerApplier.OVERLAY_OPAQUE, new byte[] {'y'});
      found = new Whiteouts(WhiteoutMode.OVERLAY, "");
    } catch (ErrnoException e) {
      found = new Whiteouts(WhiteoutMode.KEEP, e.getMessage());
    } finally {
      TreeDeletion.delete(dir);
    }
    WHITEOUTS.put(store.root(), found);
    return found;
  }

  /** Whether the overlay driver can work on this store. */
  static OverlayProbe overlay(Store store) throws IOException {
    OverlayProbe known = OVERLAY.get(store.root());
    if (known != null) {
      return known;
    }
    OverlayProbe probe = probeOverlay(store);
    OVERLAY.put(store.root(), probe);
    return probe;
  }

  private static OverlayProbe probeOverlay(Store store) throws IOException {
    Whiteouts whiteouts = whiteouts(store);
    if (whiteouts.mode() != WhiteoutMode.OVERLAY) {
      return new OverlayProbe(false, "cannot make overlay whiteouts: " + whiteouts.reason());
    }
    Path dir = store.newTempDirectory("probe-overlay");
    try {
      Path lower = Files.createDirectories(dir.resolve("lower"));
      Path upper = Files.createDirectory(dir.resolve("upper"));
      Path work = Files.createDirectory(dir.resolve("work"));
      Path merged = Files.createDirectory(dir.resolve("merged"));
      Files.writeString(lower.resolve("old"), "old");
      try {
        OverlayMount.mount(List.of(lower), upper, work, merged, dir.resolve("l"));
      } catch (ErrnoException e) {
        return new OverlayProbe(false, e.getMessage());
      }
      try {
        Files.writeString(merged.resolve("new"), "new");
        Files.delete(merged.resolve("old"));
        Stat whiteout = Stat.lstat(upper.resolve("old"));
        if (!Files.exists(upper.resolve("new"))
            || whiteout == null
            || !whiteout.isOverlayWhiteout()) {
          return new OverlayProbe(false, "overlay did not record changes in its upper directory");
        }
      } finally {
        MountTable.unmount(merged);
      }
      return new OverlayProbe(true, "");
    } catch (IOException e) {
      return new OverlayProbe(false, e.getMessage());
    } finally {
      TreeDeletion.delete(dir);
    }
  }
}
