package dev.strata.driver;

import dev.strata.StrataException;
import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.Syscalls;
import dev.strata.layer.ChangeSet;
import dev.strata.layer.ChangeTree;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a layer directory out of a snapshot's changes by moving them out of the snapshot, laid out
 * as extracting the layer blob written from the same changes gives it in overlay form: every
 * changed entry, the directories above the changes with their metadata, a character device 0/0 for
 * each deletion, the opaque mark on opaque directories. Files and links are renamed, not copied;
 * the snapshot is left partial and must be removed. Modification times keep their nanoseconds (the
 * blob has whole seconds, clamped by SOURCE_DATE_EPOCH), as an overlay upper directory kept as a
 * layer does.
 */
final class DiffMover {
  private final Path snapshot;
  private final Path target;
  private final boolean chown = Syscalls.isRoot();
  private final List<DirectoryTime> times = new ArrayList<>();

  /** A directory's modification time, set once nothing more moves into it. */
  private record DirectoryTime(Path directory, Instant mtime) {}

  private DiffMover(Path snapshot, Path target) {
    this.snapshot = snapshot;
    this.target = target;
  }

  /** Moves {@code changes} of the tree {@code snapshot} into the empty directory {@code target}. */
  static void move(Path snapshot, ChangeSet changes, Path target) throws IOException {
    DiffMover mover = new DiffMover(snapshot, target);
    mover.children("", ChangeTree.of(changes));
    // Directories take their times last: moving entries into them changed them.
    for (DirectoryTime t : mover.times) {
      Syscalls.lutimens(t.directory(), t.mtime(), t.mtime());
    }
  }

  private void children(String rel, ChangeTree node) throws IOException {
    for (var c : node.children().entrySet()) {
      String childRel = TreePaths.join(rel, c.getKey());
      ChangeTree child = c.getValue();
      Path from = snapshot.resolve(childRel);
      Path to = target.resolve(childRel);
      Stat s = Stat.lstat(from);
      if (s == null) {
        if (!child.whitedOut()) {
          throw new StrataException("the change set names " + childRel + ", which is not there");
        }
        Syscalls.mknodChar(to, 0, 0, 0);
        continue;
      }
      if (!child.present() && child.children().isEmpty()) {
        continue; // deleted, yet something of that name is there: the blob has nothing either
      }
      if (s.type() == Syscalls.S_IFSOCK) {
        continue; // no layer carries sockets
      }
      if (!s.isDirectory()) {
        if (!child.children().isEmpty() || child.opaque()) {
          throw new StrataException("the change set has paths below " + childRel + ", a file");
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        continue;
      }
      // The directory's own metadata is read before its entries move out and change it.
      Files.createDirectory(to);
      metadata(from, s, to);
      if (child.opaque()) {
        Syscalls.lsetxattr(to, LayerApplier.OVERLAY_OPAQUE, new byte[] {'y'});
      }
      children(childRel, child);
    }
  }

  private void metadata(Path from, Stat s, Path to) throws IOException {
    if (chown) {
      Syscalls.lchown(to, s.uid(), s.gid());
    }
    Syscalls.lchmod(to, s.permissions());
    List<String> names;
    try {
      names = Syscalls.llistxattr(from);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.ENOTSUP) {
        throw e;
      }
      names = List.of();
    }
    for (String name : names) {
      if (LayerWriter.exported(name)) {
        byte[] value = Syscalls.lgetxattr(from, name);
        if (value != null) {
          Syscalls.lsetxattr(to, name, value);
        }
      }
    }
    times.add(new DirectoryTime(to, Instant.ofEpochSecond(0, s.mtimeNanos())));
  }
}
