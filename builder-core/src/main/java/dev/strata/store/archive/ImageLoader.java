package dev.strata.store.archive;

import dev.strata.StrataException;
import dev.strata.image.ImageLayout;
import dev.strata.image.ImageReference;
import dev.strata.layer.Compression;
import dev.strata.store.Lease;
import dev.strata.store.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * {@code strata load}: reads an OCI image layout directory, an OCI archive, or a docker-archive
 * ({@code docker save} output), each possibly gzip- or zstd-compressed when it is a file, and
 * records its images with their names. The format is recognised by content: a file or directory
 * with {@code oci-layout} is an OCI layout, a tar with {@code manifest.json} and no {@code
 * oci-layout} a docker-archive.
 *
 * <p>A load holds a {@link Lease} from the first blob until the images are recorded. Everything is
 * verified before an image is recorded; when a load fails, nothing is recorded and the blobs it
 * added are handed back to the garbage collector, so the store is as it was.
 */
public final class ImageLoader {
  private final Store store;

  public ImageLoader(Store store) {
    this.store = store;
  }

  /** Loads every image in {@code path}; returns them in the archive's order. */
  public List<LoadedImage> load(Path path) throws IOException {
    Path source = path.toAbsolutePath().normalize();
    try {
      return record(target -> read(source, target));
    } catch (StrataException e) {
      throw new StrataException("cannot load " + source + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StrataException("cannot load " + source + ": " + Failures.describe(e), e);
    }
  }

  /**
   * Loads the images of the OCI image layout that {@code files} serves, through the same reading
   * and verification as {@link #load(Path)}: a registry pull hands its fetched documents over this
   * way, so that a pulled image lands in the store exactly as a loaded one does. Errors are not
   * prefixed; the caller says what it was doing.
   */
  public List<LoadedImage> loadLayout(ArchiveFiles files) throws IOException {
    return loadLayout(files, Set.of());
  }

  /**
   * As {@link #loadLayout(ArchiveFiles)}, but a layer that {@code proven} holds a proof for (its
   * digest, media type and the diff id its config lists) is not read again: a pull proved it as it
   * downloaded it.
   */
  public List<LoadedImage> loadLayout(ArchiveFiles files, Set<LayerProof> proven)
      throws IOException {
    return record(target -> new OciLayoutReader(files, target, proven).read());
  }

  private interface Reading {
    List<LoadedImage> read(LoadTarget target) throws IOException;
  }

  /** Reads under a lease and records the images; a failure hands what it added to the collector. */
  private List<LoadedImage> record(Reading reading) throws IOException {
    LoadTarget target = new LoadTarget(store);
    boolean done = false;
    try (Lease lease = store.lease()) {
      List<LoadedImage> images = reading.read(target);
      for (LoadedImage image : images) {
        if (image.names().isEmpty()) {
          store.images().add(image.id());
        }
        for (ImageReference name : image.names()) {
          store.images().tag(name, image.id());
        }
      }
      done = true;
      return images;
    } finally {
      if (!done && target.added() > 0) {
        store.collectGarbage();
      }
    }
  }

  private List<LoadedImage> read(Path source, LoadTarget target) throws IOException {
    if (Files.isDirectory(source)) {
      try (ArchiveFiles files = new DirectoryFiles(source)) {
        return new OciLayoutReader(files, target, Set.of()).read();
      }
    }
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS) && !Files.exists(source)) {
      throw new StrataException("no such file or directory");
    }
    Path tar = source;
    Path staged = null;
    try {
      Compression c;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(source), 16)) {
        c = Compression.detect(in);
      }
      if (c != Compression.NONE) {
        staged = store.newTempPath("load");
        decompress(source, c, staged);
        tar = staged;
      }
      try (ArchiveFiles files = TarFiles.open(tar, source.toString())) {
        if (files.exists(ImageLayout.FILE)) {
          return new OciLayoutReader(files, target, Set.of()).read();
        }
        if (files.exists(DockerArchiveReader.MANIFEST)) {
          return new DockerArchiveReader(files, target).read();
        }
        throw new StrataException(
            "neither an OCI archive (no oci-layout) nor a docker-archive (no manifest.json)");
      }
    } finally {
      if (staged != null) {
        Files.deleteIfExists(staged);
      }
    }
  }

  private static void decompress(Path source, Compression c, Path staged) throws IOException {
    try (InputStream in = c.decompressor(new BufferedInputStream(Files.newInputStream(source)));
        OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new StrataException(
          "corrupt " + c.name().toLowerCase() + " data: " + Failures.describe(e), e);
    }
  }
}
