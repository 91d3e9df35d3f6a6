package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.ImageEntry;
import dev.strata.store.ImageNotFoundException;
import dev.strata.store.Lease;
import dev.strata.store.Store;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code strata save}: writes images as an OCI layout directory, an OCI archive or a
 * docker-archive. The result is built beside the target under a hidden name and renamed into place
 * only when complete, so a failed save leaves the target as it was (an archive file is replaced, a
 * layout directory is written only where nothing or an empty directory was). A lease keeps the
 * images' blobs from being collected while they are read.
 */
public final class ImageSaver {
  private final Store store;

  public ImageSaver(Store store) {
    this.store = store;
  }

  public void save(ArchiveFormat format, Path target, List<SaveItem> items) throws IOException {
    if (items.isEmpty()) {
      throw new StrataException("nothing to save: name at least one image");
    }
    Path out = target.toAbsolutePath().normalize();
    Path parent = out.getParent();
    try (Lease lease = store.lease()) {
      if (parent == null || !Files.isDirectory(parent)) {
        throw new StrataException("no such directory: " + parent);
      }
      Map<Digest, String> mediaTypes = new HashMap<>();
      for (SaveItem item : items) {
        ImageEntry e =
            store
                .images()
                .get(item.id())
                .orElseThrow(() -> new ImageNotFoundException(item.id().toString()));
        mediaTypes.put(item.id(), e.mediaType());
      }
      Path staging = parent.resolve("." + out.getFileName() + ".strata-" + UUID.randomUUID());
      try {
        if (format == ArchiveFormat.OCI) {
          requireEmptyOrAbsent(out);
          Files.createDirectory(staging);
          try (ArchiveSink sink = new DirectorySink(staging)) {
            new OciLayoutWriter(store, sink).write(items, mediaTypes);
          }
          AtomicFiles.fsyncTree(staging);
        } else {
          if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new StrataException("is a directory; --format oci writes a layout directory");
          }
          try (FileChannel ch =
              FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // The channel outlives the tar stream, so it can be synced after the tar is finished.
            OutputStream stream =
                new BufferedOutputStream(
                    new FilterOutputStream(Channels.newOutputStream(ch)) {
                      @Override
                      public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                      }

                      @Override
                      public void close() throws IOException {
                        out.flush();
                      }
                    },
                    1 << 16);
            try (ArchiveSink sink = new TarSink(stream)) {
              if (format == ArchiveFormat.OCI_ARCHIVE) {
                new OciLayoutWriter(store, sink).write(items, mediaTypes);
              } else {
                new DockerArchiveWriter(store, sink).write(items);
              }
            }
            ch.force(true);
          }
        }
        AtomicFiles.publish(staging, out);
      } finally {
        delete(staging);
      }
    } catch (StrataException e) {
      throw new StrataException("cannot save to " + out + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StrataException("cannot save to " + out + ": " + Failures.describe(e), e);
    }
  }

  private static void requireEmptyOrAbsent(Path out) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new StrataException("exists and is not a directory");
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(out)) {
      if (s.iterator().hasNext()) {
        throw new StrataException("the directory is not empty");
      }
    }
  }

  /** Removes a staging file or directory this save created (plain files and directories only). */
  private static void delete(Path p) throws IOException {
    TreeDeletion.delete(p);
  }
}
