package dev.strata.solver.copy;

import dev.strata.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Performs COPY and ADD into a rootfs with docker build's (BuildKit's) semantics, and digests what
 * they copy for the cache key. See {@link SourceSelector} for how sources are chosen and {@link
 * RootfsWriter} for how they are written; the package overview lists every rule.
 *
 * <p>An instance keeps the files it downloads for ADD until it is closed, so that the digest taken
 * for a step's cache key and the copy that follows see the same bytes. Instances are safe to use
 * from several threads for different requests.
 */
public final class FileCopier implements AutoCloseable {
  private final RemoteFiles remote;

  /** A copier downloading with a default HTTP client into the system temporary directory. */
  public FileCopier() {
    this(null, null);
  }

  /**
   * @param http the client for ADD URLs (null for one that follows redirects)
   * @param downloadDir where downloads are kept until {@link #close} (null for the system temporary
   *     directory)
   */
  public FileCopier(HttpClient http, Path downloadDir) {
    this.remote = new RemoteFiles(http, downloadDir);
  }

  /**
   * Copies what {@code request} selects into {@code rootfs}. Everything that can be checked is
   * checked before anything is written: the flags, every source, {@code --chown} names (in {@code
   * rootfs}), downloads and their checksums, the destination rule for several sources.
   *
   * @throws CopyException for anything the Dockerfile or the sources got wrong
   */
  public CopyResult copy(CopyRequest request, Path rootfs) {
    return copy(request, rootfs, Optional.empty());
  }

  /**
   * Copies as {@link #copy(CopyRequest, Path)} does, taking the files {@code earlier} holds exactly
   * as they would be written instead of writing them again.
   */
  public CopyResult copy(CopyRequest request, Path rootfs, Optional<EarlierFiles> earlier) {
    validate(request);
    ChmodSpec chmod = request.chmod().map(ChmodSpec::parse).orElse(null);
    Path root;
    try {
      root = rootfs.toRealPath();
    } catch (IOException e) {
      throw new CopyException("cannot open rootfs " + rootfs + ": " + ContextTree.reason(e), e);
    }
    List<Selection> selections = new SourceSelector(request, tree(request.source())).select();
    Owner owner = request.chown().map(c -> ChownSpec.resolve(c, root)).orElse(null);
    Map<Selection.Remote, RemoteFiles.Fetched> downloads = new HashMap<>();
    Map<Selection.Remote, Boolean> archives = new HashMap<>();
    for (Selection s : selections) {
      if (s instanceof Selection.Remote r) {
        RemoteFiles.Fetched f = remote.fetch(r.url(), request.checksum());
        downloads.put(r, f);
        archives.put(r, r.unpack() && isArchive(f.file()));
      }
    }
    Destination dest = Destination.of(request.destination(), request.workdir());
    RootfsWriter writer = new RootfsWriter(root, owner, chmod, earlier.orElse(null));
    try {
      checkSeveralSources(request, selections, archives, dest, writer);
      List<String> targets = new ArrayList<>();
      for (Selection s : selections) {
        targets.add(write(s, writer, dest, downloads, archives));
      }
      return new CopyResult(targets, writer.counts());
    } catch (IOException e) {
      throw new CopyException(
          request.instruction() + " to " + request.destination() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The digest of exactly what {@code request} would copy, for the step's cache key. It reads the
   * sources (file contents through the context's stat cache when the source has a hasher) and
   * downloads ADD URLs that have no {@code --checksum}; it never needs the destination rootfs.
   */
  public Digest sourceDigest(CopyRequest request) {
    return inputs(request).digest();
  }

  /** {@link #sourceDigest} with the selected entries, to explain a cache miss. */
  public SourceInputs inputs(CopyRequest request) {
    validate(request);
    request.chmod().ifPresent(ChmodSpec::parse);
    List<Selection> selections = new SourceSelector(request, tree(request.source())).select();
    return SourceDigest.of(selections, request, remote);
  }

  /** Deletes the downloads this copier kept. */
  @Override
  public void close() {
    remote.close();
  }

  /** The checks BuildKit's Dockerfile frontend makes before building. */
  private static void validate(CopyRequest request) {
    String name = request.instruction().name();
    int count = request.sources().size() + request.inlineFiles().size();
    if (count == 0) {
      throw new CopyException(name + " requires at least one source");
    }
    if (request.checksum().isPresent()) {
      if (request.instruction() != CopyRequest.Instruction.ADD) {
        throw new CopyException("checksum can't be specified for COPY");
      }
      if (count != 1) {
        throw new CopyException("checksum can't be specified for multiple sources");
      }
      if (request.sources().isEmpty()
          || !SourceUrls.isHttp(request.sources().get(0))
              && !SourceUrls.isGit(request.sources().get(0))) {
        throw new CopyException("checksum requires HTTP(S) or Git sources");
      }
      RemoteFiles.parseChecksum(request.checksum().get());
    }
  }

  /**
   * The Dockerfile reference's rule that several sources need a directory destination ending in
   * {@code /}. BuildKit does not check it (moby/buildkit#1853): with a first source that is a file,
   * every later source silently replaces it. strata refuses exactly that case, so whatever BuildKit
   * builds correctly (the first source a directory, or the destination an existing directory) still
   * builds, and nothing is ever lost silently.
   */
  private static void checkSeveralSources(
      CopyRequest request,
      List<Selection> selections,
      Map<Selection.Remote, Boolean> archives,
      Destination dest,
      RootfsWriter writer)
      throws IOException {
    if (selections.size() < 2 || dest.directory()) {
      return;
    }
    Selection first = selections.get(0);
    boolean firstDirectory =
        first.directoryLike()
            || (first instanceof Selection.Remote r && archives.getOrDefault(r, false));
    if (firstDirectory) {
      return;
    }
    BasicFileAttributes existing = RootfsWriter.lstat(writer.host(writer.resolve(dest.path())));
    if (existing != null && existing.isDirectory()) {
      return;
    }
    throw new CopyException(
        "When using "
            + request.instruction()
            + " with more than one source file, the destination must be a directory and end with a"
            + " /");
  }

  private static String write(
      Selection s,
      RootfsWriter writer,
      Destination dest,
      Map<Selection.Remote, RemoteFiles.Fetched> downloads,
      Map<Selection.Remote, Boolean> archives)
      throws IOException {
    if (s instanceof Selection.Tree t) {
      return writer.write(t, dest);
    }
    if (s instanceof Selection.Inline i) {
      byte[] content = i.file().content();
      return writer.writeFile(
          Destination.base(Destination.clean(i.file().name())),
          synthetic(0644, Instant.now()),
          () -> Channels.newChannel(new ByteArrayInputStream(content)),
          dest);
    }
    Selection.Remote r = (Selection.Remote) s;
    RemoteFiles.Fetched f = downloads.get(r);
    if (archives.get(r)) {
      return writer.extract(() -> Files.newByteChannel(f.file()), dest, r.spec());
    }
    return writer.writeFile(
        r.fileName(), synthetic(0600, f.modified()), () -> Files.newByteChannel(f.file()), dest);
  }

  private static SourceEntry synthetic(int mode, Instant mtime) {
    return new SourceEntry("", SourceEntry.Kind.FILE, mode, 0, 0, 0, mtime, null, 0, 0, 1, 0);
  }

  private static boolean isArchive(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ArchiveSniffer.isArchive(in);
    } catch (IOException e) {
      return false;
    }
  }

  static SourceTree tree(CopySource source) {
    if (source instanceof CopySource.Context c) {
      return new ContextTree(c.context(), c.hasher());
    }
    return new RootfsTree(((CopySource.Rootfs) source).root());
  }
}
