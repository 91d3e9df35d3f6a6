package dev.strata.driver;

import dev.strata.StrataException;
import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.Syscalls;
import dev.strata.layer.Change;
import dev.strata.layer.ChangeSet;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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
  private final List<Runnable> times = new ArrayList<>();

  private DiffMover(Path snapshot, Path target) {
    this.snapshot = snapshot;
    this.target = target;
  }

  /** Moves {@code changes} of the tree {@code snapshot} into the empty directory {@code target}. */
  static void move(Path snapshot, ChangeSet changes, Path target) throws IOException {
    DiffMover mover = new DiffMover(snapshot, target);
    mover.children("", Node.of(changes));
    // Directories take their times last: moving entries into them changed them.
    mover.times.forEach(Runnable::run);
  }

  private void children(String rel, Node node) throws IOException {
    for (var c : node.children.entrySet()) {
      String childRel = TreePaths.join(rel, c.getKey());
      Node child = c.getValue();
      Path from = snapshot.resolve(childRel);
      Path to = target.resolve(childRel);
      Stat s = Stat.lstat(from);
      if (s == null) {
        if (!child.deleted || child.present) {
          throw new StrataException("the change set names " + childRel + ", which is not there");
        }
        Syscalls.mknodChar(to, 0, 0, 0);
        continue;
      }
      if (!child.present && child.children.isEmpty() && !child.opaque) {
        continue; // deleted, yet something of that name is there: the blob has nothing either
      }
      if (s.type() == Syscalls.S_IFSOCK) {
        continue; // no layer carries sockets
      }
      if (!s.isDirectory()) {
        if (!child.children.isEmpty() || child.opaque) {
          throw new StrataException("the change set has paths below " + childRel + ", a file");
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        continue;
      }
      // The directory's own metadata is read before its entries move out and change it.
      Files.createDirectory(to);
      metadata(from, s, to);
      if (child.opaque) {
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
    Instant mtime = Instant.ofEpochSecond(0, s.mtimeNanos());
    times.add(
        () -> {
          try {
            Syscalls.lutimens(to, mtime, mtime);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** The change set as a tree, as the layer writer walks it. */
  private static final class Node {
    final TreeMap<String, Node> children = new TreeMap<>();
    boolean present;
    boolean deleted;
    boolean opaque;

    static Node of(ChangeSet changes) {
      Node root = new Node();
      for (Change c : changes.changes()) {
        Node n = root.at(c.path());
        if (c.kind() == Change.Kind.DELETED) {
          n.deleted = true;
        } else {
          n.present = true;
        }
      }
      for (String d : changes.opaqueDirectories()) {
        Node n = root.at(d);
        n.present = true;
        n.opaque = true;
      }
      return root;
    }

    private Node at(String path) {
      Node n = this;
      for (String part : path.split("/")) {
        n = n.children.computeIfAbsent(part, k -> new Node());
      }
      return n;
    }
  }
}
