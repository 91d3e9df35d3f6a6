package dev.strata.solver.copy;

import dev.strata.StrataException;
import dev.strata.fs.Rootfs;
import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Extracts an archive for ADD into a directory of the rootfs with the confined {@link
 * LayerApplier}: entry names and links are resolved inside that directory as if chrooted, nothing
 * climbs out, owners, modes, times, links, devices and extended attributes come from the archive.
 *
 * <p>An ADDed archive is not a layer, so two things differ from applying one, as in docker: entries
 * named {@code .wh.*} are ordinary files (a layer would read them as whiteouts and delete what they
 * name), and {@code --chown} gives every entry its owner. The archive is therefore streamed to the
 * applier through a rewriting pipe that sets the owners and holds back whiteout-named entries,
 * which are written afterwards as plain entries.
 */
final class ArchiveExtractor {
  /** The most held back for one whiteout-named file (they are normally empty). */
  static final int MAX_LITERAL_BYTES = 16 << 20;

  private ArchiveExtractor() {}

  /** A held-back entry whose name has a {@code .wh.} element. */
  private record Literal(TarArchiveEntry entry, byte[] content) {}

  /**
   * Extracts {@code archive} (any of the compressions {@link ArchiveSniffer} knows) into {@code
   * dir}, a real directory.
   *
   * @param owner the owner every entry gets, or null to keep the archive's
   * @param name the archive's name for messages
   */
  static void extract(InputStream archive, Path dir, Owner owner, String name) {
    ExecutorService pump =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "strata-add-unpack");
              t.setDaemon(true);
              return t;
            });
    List<Literal> literals = new ArrayList<>();
    try (PipedInputStream pipeIn = new PipedInputStream(1 << 16)) {
      PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
      Future<?> writer = pump.submit(() -> rewrite(archive, pipeOut, owner, literals));
      try {
        new LayerApplier().apply(pipeIn, dir, name);
      } catch (IOException | RuntimeException e) {
        // The applier stopped reading: unblock the writer, and report its own failure if the
        // archive could not be read, since that is what cut the stream short.
        pipeIn.close();
        rethrowWriterFailure(writer, name);
        throw e;
      }
      rethrowWriterFailure(writer, name);
      for (Literal l : literals) {
        writeLiteral(dir, l);
      }
    } catch (StrataException e) {
      throw new CopyException("cannot extract " + name + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CopyException("cannot extract " + name + ": " + ContextTree.reason(e), e);
    } finally {
      pump.shutdownNow();
    }
  }

  private static Void rewrite(
      InputStream archive, PipedOutputStream pipeOut, Owner owner, List<Literal> literals)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (pipeOut;
        TarArchiveInputStream in =
            new TarArchiveInputStream(
                ArchiveSniffer.decompressed(archive), StandardCharsets.UTF_8.name());
        TarArchiveOutputStream out =
            new TarArchiveOutputStream(pipeOut, StandardCharsets.UTF_8.name())) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      out.setAddPaxHeadersForNonAsciiNames(true);
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (owner != null) {
          e.setUserId(owner.uid());
          e.setGroupId(owner.gid());
          e.setUserName("");
          e.setGroupName("");
        }
        if (hasWhiteoutName(e.getName())) {
          byte[] content = in.readNBytes(MAX_LITERAL_BYTES + 1);
          if (content.length > MAX_LITERAL_BYTES) {
            throw new CopyException(
                "entry " + e.getName() + " is larger than " + MAX_LITERAL_BYTES + " bytes");
          }
          literals.add(new Literal(e, content));
          continue;
        }
        try {
          out.putArchiveEntry(e);
          for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
          }
          out.closeArchiveEntry();
        } catch (IOException closed) {
          throw new PipeClosed(closed);
        }
      }
      try {
        out.finish();
      } catch (IOException closed) {
        throw new PipeClosed(closed);
      }
    }
    return null;
  }

  /** The applier stopped reading; its own error is the one to report. */
  private static final class PipeClosed extends IOException {
    private static final long serialVersionUID = 1L;

    PipeClosed(IOException cause) {
      super(cause);
    }
  }

  private static void rethrowWriterFailure(Future<?> writer, String name) {
    try {
      writer.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PipeClosed) {
        return;
      }
      if (cause instanceof CopyException ce) {
        throw ce;
      }
      String reason =
          cause instanceof IOException io ? ContextTree.reason(io) : String.valueOf(cause);
      throw new CopyException("cannot read archive " + name + ": " + reason, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CopyException("interrupted while extracting " + name, e);
    }
  }

  private static boolean hasWhiteoutName(String name) {
    for (String part : name.split("/")) {
      if (part.startsWith(".wh.")) {
        return true;
      }
    }
    return false;
  }

  /** Writes a held-back entry as the plain file, directory or link its name says. */
  private static void writeLiteral(Path dir, Literal l) throws IOException {
    TarArchiveEntry e = l.entry();
    String clean = Destination.clean(e.getName()).substring(1);
    if (clean.isEmpty()) {
      return;
    }
    String parent = Rootfs.resolveRelative(dir, Destination.parent("/" + clean));
    Path parentDir = dir;
    for (String part : parent.isEmpty() ? new String[0] : parent.split("/")) {
      parentDir = parentDir.resolve(part);
      BasicFileAttributes a = lstat(parentDir);
      if (a == null) {
        Files.createDirectory(parentDir);
        Syscalls.lchmod(parentDir, 0755);
      } else if (!a.isDirectory()) {
        throw new CopyException("entry " + e.getName() + ": a parent is not a directory");
      }
    }
    Path target = parentDir.resolve(Destination.base("/" + clean));
    BasicFileAttributes existing = lstat(target);
    if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
      deleteTree(target);
    }
    boolean link = false;
    if (e.isDirectory()) {
      if (existing == null || !existing.isDirectory()) {
        Files.createDirectory(target);
      }
    } else if (e.isSymbolicLink()) {
      Syscalls.symlink(e.getLinkName(), target);
      link = true;
    } else if (e.isFile()) {
      Files.write(
          target,
          l.content(),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    } else {
      throw new CopyException(
          "entry " + e.getName() + ": a " + e.getName() + " of this type cannot be extracted");
    }
    if (Syscalls.isRoot()) {
      Syscalls.lchown(target, (int) e.getLongUserId(), (int) e.getLongGroupId());
    }
    if (!link) {
      Syscalls.lchmod(target, e.getMode() & 07777);
    }
    Instant mtime = e.getLastModifiedTime().toInstant();
    Syscalls.lutimens(target, mtime, mtime);
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /** Deletes {@code p} and, for a real directory, what it holds; never follows a link. */
  static void deleteTree(Path p) throws IOException {
    BasicFileAttributes a = lstat(p);
    if (a == null) {
      return;
    }
    if (a.isDirectory()) {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
        s.forEach(children::add);
      }
      for (Path c : children) {
        deleteTree(c);
      }
    }
    Files.delete(p);
  }
}
