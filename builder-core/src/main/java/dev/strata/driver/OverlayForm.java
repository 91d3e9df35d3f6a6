package dev.strata.driver;

import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.Whiteouts;
import dev.strata.store.LayerDir;
import dev.strata.store.Store;
import dev.strata.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Makes sure a layer directory holds its whiteouts in overlayfs' form before overlay mounts it. A
 * directory extracted by a process without root keeps OCI whiteout files instead (and its diff
 * directory belongs to that user, which is how it is recognized); this converts them in place,
 * under the layer's lock. Every state on the way means the same tree to {@link LayerStack}, which
 * reads both forms, so a reader never sees a wrong tree; a conversion cut short is finished by the
 * next one. Directory times are kept, since they are layer content.
 */
// Locks are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
final class OverlayForm {
  private OverlayForm() {}

  static void ensure(Store store, LayerDir layer) throws IOException {
    Path diff = layer.diff();
    Stat root = Stat.lstat(diff);
    if (root == null || root.uid() == 0) {
      return;
    }
    try (StoreLock lock = store.lock("layer " + layer.chainId())) {
      root = Stat.lstat(diff);
      if (root == null || root.uid() == 0) {
        return;
      }
      convert(diff);
      Syscalls.lchown(diff, 0, 0);
    }
  }

  private static void convert(Path dir) throws IOException {
    Stat before = Stat.lstat(dir);
    boolean changed = false;
    List<String> names = LayerStack.list(dir);
    for (String name : names) {
      Path p = dir.resolve(name);
      if (name.equals(Whiteouts.OPAQUE)) {
        opaque(dir);
        Files.delete(p);
        changed = true;
      } else if (name.startsWith(Whiteouts.META_PREFIX)) {
        Files.delete(p); // other AUFS bookkeeping means nothing to overlay
        changed = true;
      } else if (Whiteouts.isReserved(name)) {
        Path target = dir.resolve(name.substring(Whiteouts.PREFIX.length()));
        Stat t = Stat.lstat(target);
        if (t == null) {
          Syscalls.mknodChar(target, 0, 0, 0);
        } else if (t.isDirectory()) {
          opaque(target); // deleted and made again in this same layer
        }
        Files.delete(p);
        changed = true;
      }
    }
    for (String name : LayerStack.list(dir)) {
      Path p = dir.resolve(name);
      Stat s = Stat.lstat(p);
      if (s != null && s.isDirectory()) {
        convert(p);
      }
    }
    if (changed) {
      Instant mtime = Instant.ofEpochSecond(0, before.mtimeNanos());
      Syscalls.lutimens(dir, mtime, mtime);
    }
  }

  private static void opaque(Path dir) throws IOException {
    Syscalls.lsetxattr(dir, LayerApplier.OVERLAY_OPAQUE, new byte[] {'y'});
  }
}
