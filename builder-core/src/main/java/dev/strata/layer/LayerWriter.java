package dev.strata.layer;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes OCI layer tarballs, deterministically: the same tree gives the same tar bytes (and so the
 * same diffID) on any machine.
 *
 * <ul>
 *   <li>Entries in tree order: a directory, then its opaque marker, then whiteouts, then its
 *       children, each group sorted by the UTF-8 bytes of the name (never readdir order). Names are
 *       relative ({@code etc/passwd}, directories {@code etc/}); the root is not an entry.
 *   <li>Headers normalized: no user or group names; numeric ids, the twelve mode bits, and the
 *       mtime in whole seconds, as docker and BuildKit write it, so no PAX header is needed for
 *       sub-second times. With a SOURCE_DATE_EPOCH, later mtimes are clamped to it. Whiteouts have
 *       mode 0, owner 0:0 and mtime 0.
 *   <li>PAX headers only where ustar cannot hold a value (see {@link TarEntryWriter}); extended
 *       attributes as {@code SCHILY.xattr.*}, except overlayfs' own and {@code security.selinux} (a
 *       host labelling decision, not image content).
 *   <li>A file with several links inside the layer is stored once; its other names become tar hard
 *       links to the first in entry order (inode numbers only group them). Sockets are skipped, as
 *       docker does.
 * </ul>
 *
 * <p>The diffID, the blob digest and the blob size are computed in the one pass that writes the
 * stream. Compressed bytes depend on the compressor library and level too, never on the number of
 * threads.
 */
public final class LayerWriter {
  private static final String STAT = "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime";

  private final Options options;

  /**
   * How layers are written.
   *
   * @param reuse compressed segments of earlier layers a gzip layer may take instead of deflating
   *     the same bytes again; they change how long a write takes, never its bytes
   */
  public record Options(
      Compression compression,
      int level,
      int threads,
      Instant sourceDateEpoch,
      SegmentSource reuse) {
    public Options {
      if (compression == null) {
        throw new IllegalArgumentException("compression is required");
      }
      threads = Math.max(1, threads);
      Objects.requireNonNull(reuse, "reuse");
    }

    /** gzip at its default level on every core, mtimes kept. */
    public static Options defaults() {
      return new Options(
          Compression.defaultCompression(),
          -1,
          Runtime.getRuntime().availableProcessors(),
          null,
          SegmentSource.NONE);
    }

    public Options withCompression(Compression c) {
      return new Options(c, -1, threads, sourceDateEpoch, reuse);
    }

    /** The level for the compression (-1 for its default). */
    public Options withLevel(int l) {
      return new Options(compression, l, threads, sourceDateEpoch, reuse);
    }

    public Options withThreads(int t) {
      return new Options(compression, level, t, sourceDateEpoch, reuse);
    }

    /** Clamps every mtime later than {@code epoch} to it (null keeps mtimes as they are). */
    public Options withSourceDateEpoch(Instant epoch) {
      return new Options(compression, level, threads, epoch, reuse);
    }

    public Options withReuse(SegmentSource r) {
      return new Options(compression, level, threads, sourceDateEpoch, r);
    }
  }

  public LayerWriter(Options options) {
    this.options = options;
  }

  public LayerWriter() {
    this(Options.defaults());
  }

  public Options options() {
    return options;
  }

  /**
   * Writes every file under {@code root} (not root itself) as a layer to {@code out}, which stays
   * open: the layer for {@code import}, or a first layer.
   */
  public LayerBlob writeTree(Path root, OutputStream out) throws IOException {
    requireDirectory(root);
    return write(out, session -> session.walk(root, ""));
  }

  /**
   * Writes the changes of {@code changes}, whose added and modified paths are read from the
   * snapshot tree {@code root}, as a layer to {@code out}, which stays open.
   */
  public LayerBlob write(Path root, ChangeSet changes, OutputStream out) throws IOException {
    requireDirectory(root);
    ChangeTree tree = ChangeTree.of(changes);
    return write(out, session -> session.emitChildren(root, "", tree));
  }

  /** Writes a layer to a new file {@code file} (replacing none): for callers that stage blobs. */
  public LayerBlob writeTree(Path root, Path file) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW)) {
      return writeTree(root, out);
    }
  }

  private interface Body {
    void run(Session session) throws IOException;
  }

  private LayerBlob write(OutputStream out, Body body) throws IOException {
    HashingOutputStream blob = new HashingOutputStream(out, true, false);
    Compression c = options.compression();
    OutputStream compressor =
        c.compressor(blob, options.level(), options.threads(), options.reuse());
    HashingOutputStream tarHash =
        c == Compression.NONE ? blob : new HashingOutputStream(compressor, false, true);
    // Hashing and compressing run beside the walk that reads the files.
    TarEntryWriter tar = new TarEntryWriter(new OffThreadOutputStream(tarHash));
    boolean done = false;
    try {
      body.run(new Session(tar));
      tar.close();
      done = true;
    } finally {
      if (!done) {
        closeQuietly(tar);
      }
    }
    Digest digest = blob.digest();
    Digest diffId = c == Compression.NONE ? digest : tarHash.digest();
    Optional<SegmentTable> segments =
        compressor instanceof ParallelGzipOutputStream gzip
            ? Optional.of(gzip.segments())
            : Optional.empty();
    return new LayerBlob(diffId, digest, blob.count(), c.mediaType(), segments);
  }

  private static void closeQuietly(TarEntryWriter tar) {
    try {
      tar.close();
    } catch (IOException | RuntimeException ignored) {
      // the first failure is the one to report
    }
  }

  private static void requireDirectory(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "not a directory");
    }
  }

  /** One write: the tar stream and the hard links seen so far. */
  private final class Session {
    private final TarEntryWriter tar;
    private final Map<List<Object>, String> firstLinkName = new HashMap<>();

    Session(TarEntryWriter tar) {
      this.tar = tar;
    }

    void walk(Path dir, String rel) throws IOException {
      for (String name : sortedNames(dir)) {
        String childRel = LayerPaths.join(rel, name);
        Path child = dir.resolve(name);
        Map<String, Object> attrs = Files.readAttributes(child, STAT, LinkOption.NOFOLLOW_LINKS);
        emit(childRel, child, attrs);
        if (type(attrs) == Syscalls.S_IFDIR) {
          walk(child, childRel);
        }
      }
    }

    void emitChildren(Path root, String rel, ChangeTree node) throws IOException {
      if (node.opaque()) {
        whiteout(LayerPaths.join(rel, Whiteouts.OPAQUE));
      }
      // A deleted path that is gone from the snapshot becomes a whiteout; changes recorded
      // below it (a deleted directory's contents) need nothing more.
      Map<String, Map<String, Object>> onDisk = new HashMap<>();
      for (Map.Entry<String, ChangeTree> c : node.children().entrySet()) {
        Map<String, Object> attrs = stat(root.resolve(LayerPaths.join(rel, c.getKey())));
        if (attrs != null) {
          onDisk.put(c.getKey(), attrs);
        } else if (c.getValue().whitedOut()) {
          whiteout(LayerPaths.join(rel, Whiteouts.whiteoutName(c.getKey())));
        }
      }
      for (Map.Entry<String, ChangeTree> c : node.children().entrySet()) {
        ChangeTree child = c.getValue();
        String childRel = LayerPaths.join(rel, c.getKey());
        Map<String, Object> attrs = onDisk.get(c.getKey());
        if (attrs == null) {
          if (child.whitedOut()) {
            continue;
          }
          throw new StrataException(
              "the change set names " + childRel + ", which is not in " + root);
        }
        if (!child.present() && child.children().isEmpty()) {
          continue; // deleted, yet something of that name is there: the driver must say MODIFIED
        }
        if (c.getKey().startsWith(Whiteouts.PREFIX)) {
          throw reserved(childRel);
        }
        boolean isDir = type(attrs) == Syscalls.S_IFDIR;
        if (!isDir && (!child.children().isEmpty() || child.opaque())) {
          // Never read below a symlink: the path would leave the snapshot.
          throw new StrataException(
              "the change set has paths below "
                  + childRel
                  + ", which is not a directory in "
                  + root);
        }
        emit(childRel, root.resolve(childRel), attrs);
        if (isDir) {
          emitChildren(root, childRel, child);
        }
      }
    }

    private Map<String, Object> stat(Path path) throws IOException {
      try {
        return Files.readAttributes(path, STAT, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    private void whiteout(String name) throws IOException {
      tar.write(
          new TarHeader(name, TarConstants.LF_NORMAL, 0, 0, 0, 0, 0, null, 0, 0, null), null, name);
    }

    private void emit(String rel, Path path, Map<String, Object> attrs) throws IOException {
      if (LayerPaths.base(rel).startsWith(Whiteouts.PREFIX)) {
        throw reserved(rel);
      }
      int mode = (Integer) attrs.get("mode");
      int type = mode & Syscalls.S_IFMT;
      if (type == Syscalls.S_IFSOCK) {
        return;
      }
      long uid = ((Number) attrs.get("uid")).longValue() & 0xffffffffL;
      long gid = ((Number) attrs.get("gid")).longValue() & 0xffffffffL;
      long mtime = mtimeSeconds((FileTime) attrs.get("lastModifiedTime"));
      String name = rel;
      byte flag;
      long size = 0;
      String link = null;
      int major = 0;
      int minor = 0;
      if (type != Syscalls.S_IFDIR && ((Number) attrs.get("nlink")).intValue() > 1) {
        List<Object> key = List.of(attrs.get("dev"), attrs.get("ino"));
        String first = firstLinkName.putIfAbsent(key, rel);
        if (first != null) {
          tar.write(
              new TarHeader(rel, TarConstants.LF_LINK, mode, uid, gid, 0, mtime, first, 0, 0, null),
              null,
              rel);
          return;
        }
      }
      SortedMap<String, byte[]> xattrs = xattrs(path);
      switch (type) {
        case Syscalls.S_IFDIR:
          flag = TarConstants.LF_DIR;
          name = rel + "/";
          break;
        case Syscalls.S_IFREG:
          flag = TarConstants.LF_NORMAL;
          size = ((Number) attrs.get("size")).longValue();
          break;
        case Syscalls.S_IFLNK:
          flag = TarConstants.LF_SYMLINK;
          link = Syscalls.readlink(path);
          break;
        case Syscalls.S_IFCHR:
        case Syscalls.S_IFBLK:
          flag = type == Syscalls.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK;
          long rdev = ((Number) attrs.get("rdev")).longValue();
          major = Syscalls.major(rdev);
          minor = Syscalls.minor(rdev);
          break;
        case Syscalls.S_IFIFO:
          flag = TarConstants.LF_FIFO;
          break;
        default:
          throw new IOException(
              "unsupported file type " + Integer.toOctalString(type) + ": " + path);
      }
      TarHeader h =
          new TarHeader(name, flag, mode, uid, gid, size, mtime, link, major, minor, xattrs);
      if (flag == TarConstants.LF_NORMAL) {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
          tar.write(h, in, path.toString());
        }
      } else {
        tar.write(h, null, path.toString());
      }
    }

    private long mtimeSeconds(FileTime t) {
      long seconds = Math.floorDiv(t.toMillis(), 1000L);
      Instant epoch = options.sourceDateEpoch();
      if (epoch != null && seconds > epoch.getEpochSecond()) {
        return epoch.getEpochSecond();
      }
      return seconds;
    }
  }

  private static StrataException reserved(String rel) {
    return new StrataException(
        "cannot write "
            + rel
            + " into a layer: names starting with .wh. are reserved for whiteouts");
  }

  private static int type(Map<String, Object> attrs) {
    return (Integer) attrs.get("mode") & Syscalls.S_IFMT;
  }

  /** Extended attributes a layer carries: all but overlayfs' bookkeeping and SELinux labels. */
  public static boolean exported(String name) {
    return !name.startsWith("trusted.overlay.")
        && !name.startsWith("user.overlay.")
        && !name.equals("security.selinux");
  }

  private static SortedMap<String, byte[]> xattrs(Path path) throws IOException {
    List<String> names;
    try {
      names = Syscalls.llistxattr(path);
    } catch (dev.strata.fs.ErrnoException e) {
      if (e.errno() == dev.strata.fs.Errno.ENOTSUP) {
        return null;
      }
      throw e;
    }
    if (names.isEmpty()) {
      return null;
    }
    SortedMap<String, byte[]> x = new TreeMap<>(LayerPaths.BYTE_ORDER);
    for (String n : names) {
      if (exported(n)) {
        byte[] v = Syscalls.lgetxattr(path, n);
        if (v != null) {
          x.put(n, v);
        }
      }
    }
    return x.isEmpty() ? null : x;
  }

  private static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    }
    names.sort(LayerPaths.BYTE_ORDER);
    return names;
  }
}
