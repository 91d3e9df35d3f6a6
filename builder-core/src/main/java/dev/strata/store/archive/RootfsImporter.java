package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import dev.strata.layer.Compression;
import dev.strata.layer.LayerEntry;
import dev.strata.layer.LayerLimits;
import dev.strata.layer.LayerReader;
import dev.strata.store.Ingest;
import dev.strata.store.Lease;
import dev.strata.store.Store;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code strata import}: a rootfs tarball (tar, tar.gz or tar.zst, detected by content) becomes a
 * one-layer image, as {@code docker import} makes one. The tar is kept as it is, so the layer's
 * diff id is the sha256 of the uncompressed input: a gzip or zstd file is stored as the layer blob
 * unchanged, a plain tar is gzip-compressed on the way in. In the same single pass the tar is read
 * through {@link LayerReader}, so a corrupt or truncated file, a name that climbs out of the root,
 * a malformed whiteout or a compression bomb is refused before anything is recorded.
 */
public final class RootfsImporter {
  private final Store store;
  private final int threads;

  public RootfsImporter(Store store) {
    this.store = store;
    this.threads = Runtime.getRuntime().availableProcessors();
  }

  /** How the image is described: creation time and platform. */
  public record Options(Instant created, Platform platform) {
    /** Now, on this machine's platform. */
    public static Options defaults() {
      return new Options(Instant.now(), Platform.host());
    }
  }

  /** Imports {@code file} as image {@code name} (given {@code latest} when it has no tag). */
  public LoadedImage importTarball(Path file, ImageReference name, Options options)
      throws IOException {
    ImageReference ref = name.withDefaultTag();
    if (ref.digest() != null) {
      throw new StrataException(
          "cannot import as " + name.familiar() + ": give a name and tag, not a digest");
    }
    Path source = file.toAbsolutePath().normalize();
    boolean stored = false;
    boolean done = false;
    try (Lease lease = store.lease()) {
      if (Files.isDirectory(source)) {
        throw new StrataException("is a directory, not a tarball");
      }
      if (Files.size(source) == 0) {
        throw new StrataException("the file is empty");
      }
      Layer layer = storeLayer(source);
      stored = true;
      ImageConfig config =
          ImageConfig.empty(options.platform())
              .withCreated(options.created(), null)
              .withLayer(
                  layer.diffId(),
                  new History(
                      options.created(),
                      null,
                      null,
                      "Imported from " + source.getFileName(),
                      false));
      Descriptor configDescriptor = store.blobs().put(MediaTypes.OCI_CONFIG, config.toJson());
      Manifest manifest =
          Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, List.of(layer.descriptor()));
      Descriptor m = store.blobs().put(MediaTypes.OCI_MANIFEST, manifest.toJson());
      store.images().tag(ref, m.digest());
      done = true;
      return new LoadedImage(m.digest(), List.of(ref));
    } catch (StrataException e) {
      throw new StrataException("cannot import " + source + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StrataException("cannot import " + source + ": " + Failures.describe(e), e);
    } finally {
      if (stored && !done) {
        store.collectGarbage();
      }
    }
  }

  private record Layer(Digest diffId, Descriptor descriptor) {}

  private Layer storeLayer(Path source) throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(source), 1 << 16);
        Ingest ingest = store.blobs().ingest()) {
      Compression c = Compression.detect(file);
      Compression stored = c == Compression.NONE ? Compression.GZIP : c;
      OutputStream blob = new KeepOpen(ingest.stream());
      OutputStream sink = c == Compression.NONE ? stored.compressor(blob, -1, threads) : blob;
      InputStream tee = new Tee(file, sink);
      Digest diffId;
      long entries = 0;
      try (LayerReader reader =
          LayerReader.open(tee, LayerLimits.DEFAULTS, source.getFileName().toString())) {
        for (LayerEntry e = reader.next(); e != null; e = reader.next()) {
          entries++;
        }
        diffId = reader.finish();
        // Whatever follows the compressed data is part of the file, and so of the blob.
        tee.transferTo(OutputStream.nullOutputStream());
      }
      if (entries == 0) {
        throw new StrataException("no files in it (is it a tar archive?)");
      }
      sink.close();
      Digest digest = ingest.commit(-1, null);
      return new Layer(
          diffId,
          new Descriptor(
              stored == Compression.GZIP ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER_ZSTD,
              digest,
              ingest.written()));
    }
  }

  /** Copies every byte read from {@code in} to {@code copy}. */
  private static final class Tee extends FilterInputStream {
    private final OutputStream copy;

    Tee(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
      int r = read(buf, 0, buf.length);
      return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the file is closed by its owner
    }
  }

  /** Lets a compressor finish without closing the ingest's stream. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
