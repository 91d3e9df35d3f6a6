package dev.strata.layer;

import dev.strata.Digest;
import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.Rootfs;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a layer stream (any compression, detected) onto a plain directory: the root of a
 * snapshot, or an overlay lower directory being built.
 *
 * <p>Whiteout semantics follow the OCI image spec: {@code .wh.NAME} removes NAME as the layers
 * below left it (a symlink is removed, never its target); {@code .wh..wh..opq} hides everything the
 * directory held before this layer, wherever the marker stands in the tar; neither touches what
 * this layer itself writes.
 *
 * <p>Confinement (DESIGN.md invariant 5): every name is resolved inside the target as if chrooted
 * into it, through symlinks planted by earlier entries or layers alike ({@code var/run -> /run}
 * then {@code var/run/x} lands in {@code <target>/run/x}); names that climb out with {@code ..} are
 * refused by the {@link LayerReader}; hard links only link files inside the target; ownership,
 * modes, attributes and times are set on the entry itself, never through a link.
 *
 * <p>Modes (with setuid, setgid, sticky), extended attributes and mtimes are restored; owners and
 * device nodes only when {@link Options} says so (by default when running as root). Directory times
 * are set last, after their contents. On an error the target is left partly written: callers apply
 * into a staging directory and rename it into place.
 */
public final class LayerApplier {
  /** The extended attribute overlayfs reads as "this directory hides the layers below". */
  public static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";

  private final Options options;

  /**
   * What to do with whiteouts. {@link #APPLY} deletes from the target what they name (the target
   * holds the layers below: a full root filesystem). The other two keep them, for a target that
   * holds this one layer alone, as a storage driver's layer directory: {@link #OVERLAY} in
   * overlayfs' own form (a 0/0 character device per deleted name, {@code trusted.overlay.opaque=y}
   * on an opaque directory; needs root), {@link #KEEP} as the OCI files themselves ({@code
   * .wh.NAME} and {@code .wh..wh..opq}, empty).
   */
  public enum WhiteoutMode {
    APPLY,
    OVERLAY,
    KEEP
  }

  /** How layers are applied. */
  public record Options(
      LayerLimits limits,
      boolean restoreOwnership,
      boolean createDevices,
      boolean restoreXattrs,
      WhiteoutMode whiteouts) {
    /** Default limits; owners and devices restored when running as root; whiteouts applied. */
    public static Options defaults() {
      boolean root = Syscalls.isRoot();
      return new Options(LayerLimits.DEFAULTS, root, root, true, WhiteoutMode.APPLY);
    }

    public Options withLimits(LayerLimits l) {
      return new Options(l, restoreOwnership, createDevices, restoreXattrs, whiteouts);
    }

    /** Whether to chown entries to their uid and gid (needs root). */
    public Options withOwnership(boolean chown) {
      return new Options(limits, chown, createDevices, restoreXattrs, whiteouts);
    }

    /** Whether to create character and block devices (needs root); else they are skipped. */
    public Options withDevices(boolean create) {
      return new Options(limits, restoreOwnership, create, restoreXattrs, whiteouts);
    }

    public Options withXattrs(boolean restore) {
      return new Options(limits, restoreOwnership, createDevices, restore, whiteouts);
    }

    /** How whiteouts are applied or kept. */
    public Options withWhiteouts(WhiteoutMode mode) {
      return new Options(limits, restoreOwnership, createDevices, restoreXattrs, mode);
    }
  }

  /**
   * What an apply did: the diffID of the tar it read (to verify against an image config), the
   * compression found, how many entries and uncompressed bytes, and what had to be skipped.
   */
  public record Result(
      Digest diffId,
      Compression compression,
      long entries,
      long tarBytes,
      long skippedDevices,
      long skippedXattrs) {}

  public LayerApplier(Options options) {
    this.options = options;
  }

  public LayerApplier() {
    this(Options.defaults());
  }

  /** Applies {@code layer} onto directory {@code target}; reads the stream to its end. */
  public Result apply(InputStream layer, Path target) throws IOException {
    return apply(layer, target, null);
  }

  /** As {@link #apply(InputStream, Path)}; {@code source} names the layer in error messages. */
  public Result apply(InputStream layer, Path target, String source) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "not a directory");
    }
    try (LayerReader reader = LayerReader.open(layer, options.limits(), source)) {
      return new Extraction(root, reader, source).run();
    }
  }

  /** One apply: the target, and what this layer has written so far. */
  private final class Extraction {
    private final Path root;
    private final LayerReader reader;
    private final String source;
    private final Set<String> written = new HashSet<>();
    private final Set<String> ancestors = new HashSet<>();
    // Overlay whiteouts this layer made (WhiteoutMode.OVERLAY).
    private final Set<String> whitedOut = new HashSet<>();
    private final Map<String, Instant> dirTimes = new LinkedHashMap<>();
    // Entry parent -> its resolved, existing, real directory; dropped whenever anything is removed.
    private final Map<String, String> parents = new HashMap<>();
    private final byte[] buffer = new byte[128 * 1024];
    private long entries;
    private long skippedDevices;
    private long skippedXattrs;
    private LayerEntry entry;

    Extraction(Path root, LayerReader reader, String source) {
      this.root = root;
      this.reader = reader;
      this.source = source;
    }

    Result run() throws IOException {
      while ((entry = reader.next()) != null) {
        entries++;
        switch (entry.type()) {
          case WHITEOUT -> whiteout();
          case OPAQUE -> opaque();
          default -> extract();
        }
      }
      entry = null;
      Digest diffId = reader.finish();
      for (Map.Entry<String, Instant> d : dirTimes.entrySet()) {
        Path p = root.resolve(d.getKey());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Syscalls.lutimens(p, d.getValue(), d.getValue());
        }
      }
      return new Result(
          diffId, reader.compression(), entries, reader.tarBytes(), skippedDevices, skippedXattrs);
    }

    private void extract() throws IOException {
      String rel = entry.path();
      if (rel.isEmpty()) {
        return; // the target's own metadata belongs to the caller
      }
      String parent = parentDirectory(LayerPaths.parent(rel));
      String destRel = LayerPaths.join(parent, LayerPaths.base(rel));
      Path dest = root.resolve(destRel);
      Path linkSource = null;
      if (entry.type() == LayerEntry.Type.HARDLINK) {
        String sourceRel = resolve(entry.linkTarget(), LinkOption.NOFOLLOW_LINKS);
        linkSource = root.resolve(sourceRel);
        BasicFileAttributes a = lstat(linkSource);
        if (a == null) {
          throw refuse("the hard link target " + entry.linkTarget() + " does not exist");
        }
        if (a.isDirectory()) {
          throw refuse("the hard link target " + entry.linkTarget() + " is a directory");
        }
        if (sourceRel.equals(destRel)) {
          throw refuse("a hard link to itself");
        }
      }
      BasicFileAttributes existing = lstat(dest);
      boolean merge =
          existing != null && existing.isDirectory() && entry.type() == LayerEntry.Type.DIRECTORY;
      if (existing != null && !merge) {
        remove(dest);
      }
      boolean link = false;
      switch (entry.type()) {
        case DIRECTORY -> {
          if (!merge) {
            Files.createDirectory(dest);
            // The layer deleted what was below and made a new directory there: hide the old one.
            if (whitedOut.remove(destRel)) {
              markOpaque(destRel);
            }
          }
        }
        case FILE -> writeFile(dest);
        case SYMLINK -> {
          Syscalls.symlink(entry.linkTarget(), dest);
          parents.clear();
          link = true;
        }
        case HARDLINK -> {
          Files.createLink(dest, linkSource);
          markWritten(destRel);
          return; // the inode keeps the metadata its first name gave it
        }
        case CHAR_DEVICE, BLOCK_DEVICE -> {
          if (!options.createDevices()) {
            skippedDevices++;
            return;
          }
          if (entry.type() == LayerEntry.Type.CHAR_DEVICE) {
            Syscalls.mknodChar(dest, entry.mode(), entry.devMajor(), entry.devMinor());
          } else {
            Syscalls.mknodBlock(dest, entry.mode(), entry.devMajor(), entry.devMinor());
          }
        }
        case FIFO -> Syscalls.mkfifo(dest, entry.mode());
        default -> throw new IllegalStateException("not an object entry: " + entry.type());
      }
      markWritten(destRel);
      metadata(dest, destRel, link);
    }

    private void writeFile(Path dest) throws IOException {
      InputStream in = reader.content();
      try (OutputStream out =
          Files.newOutputStream(
              dest,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
          out.write(buffer, 0, n);
        }
      }
    }

    private void metadata(Path p, String rel, boolean link) throws IOException {
      if (options.restoreOwnership()) {
        Syscalls.lchown(p, (int) entry.uid(), (int) entry.gid());
      }
      // After chown, which clears setuid bits and file capabilities.
      if (!link) {
        Syscalls.lchmod(p, entry.mode());
      }
      if (options.restoreXattrs()) {
        for (Map.Entry<String, byte[]> x : entry.xattrs().entrySet()) {
          if (!LayerWriter.exported(x.getKey())) {
            skippedXattrs++;
            continue;
          }
          try {
            Syscalls.lsetxattr(p, x.getKey(), x.getValue());
          } catch (ErrnoException e) {
            // As docker: a file system or user that cannot hold the attribute is not an error.
            if (e.errno() != Errno.ENOTSUP && e.errno() != Errno.EPERM) {
              throw e;
            }
            skippedXattrs++;
          }
        }
      }
      if (entry.type() == LayerEntry.Type.DIRECTORY) {
        dirTimes.put(rel, entry.mtime());
      } else {
        Syscalls.lutimens(p, entry.mtime(), entry.mtime());
      }
    }

    private void whiteout() throws IOException {
      if (options.whiteouts() != WhiteoutMode.APPLY) {
        keepWhiteout();
        return;
      }
      String parent = resolve(LayerPaths.parent(entry.path()));
      String targetRel = LayerPaths.join(parent, LayerPaths.base(entry.path()));
      Path target = root.resolve(targetRel);
      if (written.contains(targetRel) || ancestors.contains(targetRel)) {
        // A whiteout only deletes what lower layers left; of this layer's own work, only the
        // lower content of a directory is hidden.
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          prune(targetRel);
        }
        return;
      }
      if (lstat(target) != null) {
        remove(target);
      }
    }

    private void opaque() throws IOException {
      String dir = parentDirectory(entry.path());
      switch (options.whiteouts()) {
        case APPLY -> prune(dir);
        case OVERLAY -> markOpaque(dir);
        case KEEP -> keepMarker(dir, Whiteouts.OPAQUE);
      }
    }

    /**
     * Records a whiteout in a layer directory. Against this layer's own work it means what it means
     * when applied: the lower content of a directory this layer wrote is hidden, so that directory
     * becomes opaque; a file this layer wrote already hides what is below it.
     */
    private void keepWhiteout() throws IOException {
      String parent = parentDirectory(LayerPaths.parent(entry.path()));
      String name = LayerPaths.base(entry.path());
      String targetRel = LayerPaths.join(parent, name);
      Path target = root.resolve(targetRel);
      if (written.contains(targetRel) || ancestors.contains(targetRel)) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          if (options.whiteouts() == WhiteoutMode.OVERLAY) {
            markOpaque(targetRel);
          } else {
            keepMarker(targetRel, Whiteouts.OPAQUE);
          }
        }
        return;
      }
      if (options.whiteouts() == WhiteoutMode.OVERLAY) {
        if (lstat(target) == null) {
          Syscalls.mknodChar(target, 0, 0, 0);
        }
        whitedOut.add(targetRel);
      } else {
        keepMarker(parent, Whiteouts.whiteoutName(name));
      }
    }

    private void markOpaque(String dirRel) throws IOException {
      Syscalls.lsetxattr(
          dirRel.isEmpty() ? root : root.resolve(dirRel), OVERLAY_OPAQUE, new byte[] {'y'});
    }

    private void keepMarker(String dirRel, String name) throws IOException {
      Path marker = (dirRel.isEmpty() ? root : root.resolve(dirRel)).resolve(name);
      if (lstat(marker) == null) {
        Files.createFile(marker);
      }
    }

    /** Removes everything under directory {@code rel} that this layer has not written. */
    private void prune(String rel) throws IOException {
      Path dir = rel.isEmpty() ? root : root.resolve(rel);
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          names.add(p.getFileName().toString());
        }
      }
      for (String name : names) {
        String childRel = LayerPaths.join(rel, name);
        Path child = dir.resolve(name);
        if (written.contains(childRel) || ancestors.contains(childRel)) {
          if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            prune(childRel);
          }
        } else {
          remove(child);
        }
      }
    }

    /**
     * The directory {@code rel} names, resolved inside the root and made to exist (missing
     * components become 0755 directories, as docker and containerd create them).
     */
    private String parentDirectory(String rel) throws IOException {
      String cached = parents.get(rel);
      if (cached != null) {
        return cached;
      }
      String resolved = resolve(rel);
      if (!resolved.isEmpty()) {
        String prefix = "";
        for (String part : resolved.split("/")) {
          prefix = LayerPaths.join(prefix, part);
          Path p = root.resolve(prefix);
          BasicFileAttributes a = lstat(p);
          if (a == null) {
            Files.createDirectory(p);
            Syscalls.lchmod(p, 0755);
          } else if (!a.isDirectory()) {
            throw refuse(prefix + " is not a directory");
          }
        }
      }
      parents.put(rel, resolved);
      return resolved;
    }

    private String resolve(String rel, LinkOption... options) throws IOException {
      try {
        return Rootfs.resolveRelative(root, rel, options);
      } catch (ErrnoException e) {
        if (e.errno() == Errno.ELOOP) {
          throw refuse("too many levels of symbolic links resolving " + rel);
        }
        throw e;
      }
    }

    private void markWritten(String rel) {
      written.add(rel);
      for (String p = LayerPaths.parent(rel); !p.isEmpty(); p = LayerPaths.parent(p)) {
        if (!ancestors.add(p)) {
          break;
        }
      }
    }

    /** Deletes {@code p} and, if it is a real directory, everything below; never follows links. */
    private void remove(Path p) throws IOException {
      parents.clear();
      BasicFileAttributes a = lstat(p);
      if (a == null) {
        return;
      }
      if (a.isDirectory()) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = openDirectory(p)) {
          for (Path c : s) {
            children.add(c);
          }
        }
        for (Path c : children) {
          remove(c);
        }
      }
      Files.delete(p);
    }

    private DirectoryStream<Path> openDirectory(Path p) throws IOException {
      try {
        return Files.newDirectoryStream(p);
      } catch (AccessDeniedException e) {
        // Without root, a directory a layer made unreadable must be opened up to be removed.
        Syscalls.lchmod(p, 0700);
        return Files.newDirectoryStream(p);
      }
    }

    private LayerFormatException refuse(String reason) {
      return new LayerFormatException(
          "invalid layer"
              + (source == null ? "" : " " + source)
              + ": entry '"
              + (entry == null ? "" : entry.path())
              + "': "
              + reason);
    }
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return null;
      }
      throw e;
    }
  }
}
