package dev.strata.solver.copy;

import dev.strata.fs.Errno;
import dev.strata.fs.ErrnoException;
import dev.strata.fs.ParallelFileWork;
import dev.strata.fs.Rootfs;
import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes selections into a rootfs the way BuildKit's copy (tonistiigi/fsutil) does, confined to the
 * rootfs (DESIGN.md invariant 5).
 *
 * <p>The destination is resolved as if chrooted into the rootfs, so a symbolic link in the image
 * ({@code /link -> /etc}) leads to {@code <rootfs>/etc}, never to the host. Missing directories on
 * the way are created with mode 0755, owned by {@code --chown}'s owner or root. A file goes into a
 * destination that is an existing directory under its own name, else it becomes the destination; a
 * directory's contents merge into the destination. Below that, nothing is resolved: each name is
 * created in a directory this writer created or checked to be a real directory, an existing file or
 * link in the way is replaced (never written through), and a directory is never replaced by a file
 * nor merged into a non-directory.
 *
 * <p>Copied entries keep their mode, mtime and extended attributes; owners are the source's (0:0
 * for a build context) unless {@code --chown} is given; {@code --chmod} sets the mode of every
 * copied file and directory. A directory's metadata is set after its contents. An existing
 * directory the copy merges into takes the metadata of the source directory, except the destination
 * itself, and except with {@code --parents}, where only directories the copy creates get it. Hard
 * links between copied files of one source are kept.
 *
 * <p>On an error the rootfs may be partly written: callers copy into a snapshot they drop on
 * failure.
 */
final class RootfsWriter {
  private final Path rootfs;
  private final Owner chown; // null: keep the source's owners
  private final ChmodSpec chmod; // null: keep the source's modes
  private final boolean root = Syscalls.isRoot();
  private final FileTaker taker; // null: every file is written
  private long files;
  private long directories;
  private long links;
  private long bytes;

  /**
   * A writer; with {@code earlier} (may be null) it takes the files that holds as they would be
   * written instead of writing them, only as root, where every owner is set as the source or
   * --chown says.
   */
  RootfsWriter(Path rootfs, Owner chown, ChmodSpec chmod, EarlierFiles earlier) {
    this.rootfs = rootfs;
    this.chown = chown;
    this.chmod = chmod;
    this.taker = earlier != null && root ? new FileTaker(earlier) : null;
  }

  CopyResult.Counts counts() {
    return new CopyResult.Counts(
        files, directories, links, bytes, taker == null ? 0 : taker.taken());
  }

  /** Copies a tree selection; returns where it went, absolute in the rootfs. */
  String write(Selection.Tree sel, Destination dest) throws IOException {
    SourceEntry top = sel.root();
    SourceTree tree = sel.tree();
    if (sel.unpack()) {
      String dir = resolve(dest.path());
      mkdirAll(dir);
      try (InputStream in = Channels.newInputStream(tree.open(top.path()))) {
        ArchiveExtractor.extract(in, host(dir), chown, sel.spec());
      }
      return "/" + dir;
    }
    Placed placed = place(dest, top.isDirectory(), sel.name());
    String target = placed.target();
    Map<String, Path> hardLinks = new HashMap<>();
    if (!top.isDirectory()) {
      replaceNonDirectory(target);
      try (ConfinedFiles.Opener sources = tree.opener()) {
        create(top, host(target), tree, sources, hardLinks);
      }
      metadata(top, host(target), tree.hostPath(top.path()));
      return "/" + target;
    }
    // place() made the destination when it was missing; something else there is in the way.
    if (!lstat(host(target)).isDirectory()) {
      throw new CopyException("cannot copy to non-directory: /" + target);
    }
    writeItems(sel, target, hardLinks, placed.created());
    return "/" + target;
  }

  /** Copies one file whose content comes from {@code content} (a heredoc, a download). */
  String writeFile(String name, SourceEntry meta, Content content, Destination dest)
      throws IOException {
    String target = place(dest, false, name).target();
    replaceNonDirectory(target);
    Path host = host(target);
    try (ReadableByteChannel in = content.open()) {
      bytes += copyContent(in, host);
    }
    files++;
    metadata(meta, host, null);
    return "/" + target;
  }

  /** Extracts an archive that is not in a source tree (a download) at {@code dest}. */
  String extract(Content archive, Destination dest, String name) throws IOException {
    String dir = resolve(dest.path());
    mkdirAll(dir);
    try (InputStream in = Channels.newInputStream(archive.open())) {
      ArchiveExtractor.extract(in, host(dir), chown, name);
    }
    return "/" + dir;
  }

  /** Opens content to copy. */
  interface Content {
    ReadableByteChannel open() throws IOException;
  }

  /**
   * Where a top-level selection goes (BuildKit's prepareTargetDir): after making the directory the
   * destination names exist, a non-directory goes inside an existing directory under {@code name};
   * the directory that will hold it (or, for a directory, the destination) is created.
   */
  private Placed place(Destination dest, boolean directory, String name) throws IOException {
    String ensured = resolve(dest.ensured());
    boolean madeEnsured = mkdirAll(ensured);
    String dst = resolve(dest.path());
    BasicFileAttributes d = lstat(host(dst));
    String target = dst;
    if (!directory && d != null && d.isDirectory()) {
      target = join(dst, name);
    }
    boolean made = mkdirAll(directory && d == null ? target : parentOf(target));
    return new Placed(target, directory && (d == null ? made : madeEnsured && ensured.equals(dst)));
  }

  /** Where a selection goes, and whether it is a directory {@link #place} just made. */
  private record Placed(String target, boolean created) {}

  /**
   * @param targetCreated whether this copy made {@code target}, so that nothing is in the way of
   *     the entries it writes there
   */
  private void writeItems(
      Selection.Tree sel, String target, Map<String, Path> hardLinks, boolean targetCreated)
      throws IOException {
    SourceTree tree = sel.tree();
    Deque<OpenDirectory> open = new ArrayDeque<>();
    // Directories get their metadata after everything below them exists (creating an entry
    // changes a directory's mtime), so their closing waits for the parallel file copies.
    List<OpenDirectory> closing = new ArrayList<>();
    try (ConfinedFiles.Opener sources = tree.opener();
        ParallelFileWork copies = new ParallelFileWork(ParallelFileWork.THREADS)) {
      for (Selection.Item item : sel.items()) {
        while (!open.isEmpty() && !item.rel().startsWith(open.peek().rel + "/")) {
          closing.add(open.pop());
        }
        SourceEntry e = item.entry();
        String rel = join(target, item.rel());
        Path host = host(rel);
        // Nothing is in the way in a directory this copy made.
        boolean fresh = open.isEmpty() ? targetCreated : open.peek().created();
        if (!e.isDirectory()) {
          if (e.kind() == SourceEntry.Kind.FILE && e.links() == 1) {
            copies.submitIn(parentOf(rel), () -> copyFile(e, rel, host, tree, sources, fresh));
            files++;
          } else {
            if (!fresh) {
              replaceNonDirectory(rel);
            }
            create(e, host, tree, sources, hardLinks);
            metadata(e, host, tree.hostPath(e.path()));
          }
          continue;
        }
        BasicFileAttributes existing = fresh ? null : lstat(host);
        if (existing != null && !existing.isDirectory()) {
          throw new CopyException("cannot copy to non-directory: /" + rel);
        }
        boolean created = existing == null;
        if (created) {
          makeDirectory(host, e.mode());
        }
        if (!item.included()) {
          // Only holds what is copied below it: made like its source if missing, else untouched.
          if (created) {
            metadata(e, host, tree.hostPath(e.path()));
          }
          open.push(new OpenDirectory(item.rel(), e, host, false, created));
        } else {
          open.push(
              new OpenDirectory(item.rel(), e, host, created || !sel.includePatterns(), created));
        }
      }
      while (!open.isEmpty()) {
        closing.add(open.pop());
      }
      bytes += copies.await();
    }
    for (OpenDirectory d : closing) {
      close(d, tree);
    }
  }

  /**
   * Copies regular file {@code e} to {@code host}, or takes an identical earlier file there;
   * returns the bytes written.
   */
  private long copyFile(
      SourceEntry e,
      String rel,
      Path host,
      SourceTree tree,
      ConfinedFiles.Opener sources,
      boolean fresh)
      throws IOException {
    if (!fresh) {
      replaceNonDirectory(rel);
    } else if (taker != null
        // Before anything looks the name up through the rootfs: with overlay the file is linked
        // into the upper directory beneath the mount, which shows it only if no lookup through the
        // mount has cached its absence (the kernel leaves changes beneath a mount undefined; a new
        // name in a directory made through the mount is seen as it is).
        && taker.take(
            e,
            rel,
            chown != null ? chown.uid() : e.uid(),
            chown != null ? chown.gid() : e.gid(),
            mode(e),
            tree.hostPath(e.path()),
            () -> sources.open(e.path()))) {
      return 0;
    }
    long n;
    try (SeekableByteChannel in = sources.open(e.path())) {
      n = copyContent(in, host);
    }
    metadata(e, host, tree.hostPath(e.path()));
    return n;
  }

  /** A directory whose contents are being written; its metadata is set when it is left. */
  private record OpenDirectory(
      String rel, SourceEntry entry, Path host, boolean setMetadata, boolean created) {}

  private void close(OpenDirectory d, SourceTree tree) throws IOException {
    if (d.setMetadata()) {
      metadata(d.entry(), d.host(), tree.hostPath(d.entry().path()));
    }
  }

  /** Creates the non-directory {@code e} at {@code host}, which does not exist. */
  private void create(
      SourceEntry e,
      Path host,
      SourceTree tree,
      ConfinedFiles.Opener sources,
      Map<String, Path> hardLinks)
      throws IOException {
    switch (e.kind()) {
      case FILE -> {
        String key = e.device() + ":" + e.inode();
        Path first = e.links() > 1 ? hardLinks.get(key) : null;
        if (first != null) {
          Files.createLink(host, first);
          links++;
          return;
        }
        try (SeekableByteChannel in = sources.open(e.path())) {
          bytes += copyContent(in, host);
        }
        if (e.links() > 1) {
          hardLinks.put(key, host);
        }
        files++;
      }
      case SYMLINK -> {
        Syscalls.symlink(e.linkTarget(), host);
        links++;
      }
      case FIFO -> {
        Syscalls.mkfifo(host, e.mode());
        files++;
      }
      case CHAR_DEVICE -> {
        Syscalls.mknodChar(host, e.mode(), Syscalls.major(e.rdev()), Syscalls.minor(e.rdev()));
        files++;
      }
      case BLOCK_DEVICE -> {
        Syscalls.mknodBlock(host, e.mode(), Syscalls.major(e.rdev()), Syscalls.minor(e.rdev()));
        files++;
      }
      default ->
          throw new CopyException(
              "cannot copy /" + e.path() + " from " + tree.describe() + ": it is a socket");
    }
  }

  /** Writes {@code in} to the new file {@code host}; returns the bytes written. */
  private static long copyContent(ReadableByteChannel in, Path host) throws IOException {
    long written = 0;
    try (FileChannel out =
        FileChannel.open(
            host,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      if (in instanceof FileChannel source) {
        long size = source.size();
        while (written < size) {
          long n = source.transferTo(written, size - written, out);
          if (n <= 0) {
            break;
          }
          written += n;
        }
      } else {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (in.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            written += out.write(buf);
          }
          buf.clear();
        }
      }
    }
    return written;
  }

  /** Sets owner, mode, mtime and extended attributes of a copied entry, in that order. */
  private void metadata(SourceEntry e, Path host, Path xattrSource) throws IOException {
    boolean link = e.kind() == SourceEntry.Kind.SYMLINK;
    if (root) {
      Syscalls.lchown(
          host, chown != null ? chown.uid() : e.uid(), chown != null ? chown.gid() : e.gid());
    }
    // After chown, which clears setuid, setgid and file capabilities.
    if (!link) {
      Syscalls.lchmod(host, mode(e));
    }
    Syscalls.lutimens(host, e.mtime(), e.mtime());
    if (xattrSource != null) {
      copyXattrs(xattrSource, host);
    }
  }

  /** The mode a copied entry gets. */
  private int mode(SourceEntry e) {
    return chmod != null ? chmod.apply(e.mode(), e.isDirectory()) : e.mode();
  }

  /**
   * Copies extended attributes as BuildKit does, leaving out the ones no image carries (overlay
   * bookkeeping, SELinux labels) and ignoring any that the file system refuses.
   */
  private static void copyXattrs(Path source, Path target) {
    List<String> names;
    try {
      names = Syscalls.llistxattr(source);
    } catch (ErrnoException e) {
      return;
    }
    for (String name : names) {
      if (!LayerWriter.exported(name)) {
        continue;
      }
      try {
        byte[] value = Syscalls.lgetxattr(source, name);
        if (value != null) {
          Syscalls.lsetxattr(target, name, value);
        }
      } catch (ErrnoException e) {
        // as BuildKit: an attribute the target cannot hold is skipped
      }
    }
  }

  /** Creates directory {@code host} with exactly {@code mode} (no umask). */
  private void makeDirectory(Path host, int mode) throws IOException {
    Files.createDirectory(host);
    Syscalls.lchmod(host, mode);
    directories++;
  }

  /**
   * Makes every missing directory of {@code rel} (resolved, relative to the rootfs) with mode 0755
   * and the {@code --chown} owner (else root), as BuildKit's MkdirAll; returns whether it made
   * {@code rel} itself.
   */
  boolean mkdirAll(String rel) throws IOException {
    if (rel.isEmpty()) {
      return false;
    }
    boolean made = false;
    String prefix = "";
    for (String part : rel.split("/")) {
      prefix = prefix.isEmpty() ? part : prefix + "/" + part;
      Path p = host(prefix);
      BasicFileAttributes a = lstat(p);
      made = false;
      if (a == null) {
        try {
          Files.createDirectory(p);
        } catch (FileAlreadyExistsException raced) {
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new CopyException("cannot create directory /" + prefix + ": it exists");
          }
          continue;
        }
        made = true;
        Syscalls.lchmod(p, 0755);
        if (root) {
          Owner o = chown != null ? chown : Owner.ROOT;
          Syscalls.lchown(p, o.uid(), o.gid());
        }
        directories++;
      } else if (!a.isDirectory()) {
        throw new CopyException(
            "cannot create directory /" + rel + ": /" + prefix + " is not a directory");
      }
    }
    return made;
  }

  /**
   * Makes room for a non-directory at {@code rel}: a file or link there goes, a directory stays.
   */
  private void replaceNonDirectory(String rel) throws IOException {
    Path p = host(rel);
    BasicFileAttributes a = lstat(p);
    if (a == null) {
      return;
    }
    if (a.isDirectory()) {
      throw new CopyException("cannot replace directory /" + rel + " with a file");
    }
    Files.delete(p);
  }

  /** {@code abs} resolved inside the rootfs as if chrooted: relative, no leading slash. */
  String resolve(String abs) throws IOException {
    try {
      return Rootfs.resolveRelative(rootfs, abs);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ELOOP) {
        throw new CopyException(
            "too many levels of symbolic links resolving " + abs + " in the rootfs");
      }
      throw e;
    }
  }

  /** The host path of {@code rel}, which is relative: an absolute one would leave the rootfs. */
  Path host(String rel) {
    if (rel.startsWith("/")) {
      throw new IllegalArgumentException("not a relative path in the rootfs: " + rel);
    }
    return rel.isEmpty() ? rootfs : rootfs.resolve(rel);
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  static BasicFileAttributes lstat(Path p) throws IOException {
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
