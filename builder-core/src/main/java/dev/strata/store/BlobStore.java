package dev.strata.store;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The blobs under {@code blobs/sha256/<hex>}: layers, configs, manifests and indexes, each named by
 * the sha256 of its bytes and immutable once there. Reading needs no lock; writing goes through
 * {@link #ingest()} only, whose commit verifies before a single atomic rename.
 */
public final class BlobStore implements BlobSource, BlobSink {
  static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  private final Path dir;
  private final Session session;

  BlobStore(Path blobs, Session session) {
    this.dir = blobs.resolve(Digest.SHA256);
    this.session = session;
  }

  /** Where blob {@code digest} lives (whether or not it is there). */
  public Path path(Digest digest) {
    if (!Digest.SHA256.equals(digest.algorithm())) {
      throw new StrataException(
          "unsupported digest algorithm " + digest.algorithm() + " (strata stores sha256 only)");
    }
    return dir.resolve(digest.encoded());
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest, "the store at " + dir.getParent().getParent());
    }
  }

  @Override
  public boolean exists(Digest digest) {
    return Digest.SHA256.equals(digest.algorithm()) && Files.isRegularFile(path(digest));
  }

  @Override
  public long size(Digest digest) throws IOException {
    try {
      return Files.size(path(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest, "the store at " + dir.getParent().getParent());
    }
  }

  /** The digests of every blob present, in no particular order; stray names are skipped. */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (HEX64.matcher(name).matches()) {
          out.add(new Digest(Digest.SHA256, name));
        }
      }
    }
    return out;
  }

  /** Removes a blob; only the collector and the checker call this, under the store lock. */
  boolean delete(Digest digest) throws IOException {
    boolean removed = Files.deleteIfExists(path(digest));
    if (removed) {
      AtomicFiles.fsyncDirectory(dir);
    }
    return removed;
  }

  Path directory() {
    return dir;
  }

  @Override
  public Ingest ingest() throws IOException {
    return new FileIngest(session.newPath("ingest"));
  }

  /** Stages into the session directory, hashing on the way; see {@link Ingest}. */
  private final class FileIngest implements Ingest {
    private final Path staged;
    private final FileChannel channel;
    private final MessageDigest md = Digest.newSha256();
    private final OutputStream out;
    private long written;
    private boolean finished;

    FileIngest(Path staged) throws IOException {
      this.staged = staged;
      this.channel =
          FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      this.out =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              file.write(b);
              md.update((byte) b);
              written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              file.write(b, off, len);
              md.update(b, off, len);
              written += len;
            }

            @Override
            public void flush() throws IOException {
              file.flush();
            }

            @Override
            public void close() {
              // The ingest owns the file; commit or close the ingest.
            }
          };
    }

    @Override
    public OutputStream stream() {
      return out;
    }

    @Override
    public long written() {
      return written;
    }

    @Override
    public Digest commit(long expectedSize, Digest expected) throws IOException {
      if (finished) {
        throw new IllegalStateException("ingest already committed or closed");
      }
      try {
        if (expected != null && !Digest.SHA256.equals(expected.algorithm())) {
          throw new BlobVerificationException(
              "cannot verify " + expected + ": strata verifies sha256 digests only");
        }
        out.flush();
        Digest actual = Digest.fromSha256(md.digest());
        String what = "blob " + (expected != null ? expected : actual);
        if (expectedSize >= 0 && written != expectedSize) {
          throw new BlobVerificationException(
              what + ": expected " + expectedSize + " bytes, got " + written);
        }
        if (expected != null && !expected.equals(actual)) {
          throw new BlobVerificationException(
              what + ": content hashes to " + actual + " (" + written + " bytes)");
        }
        channel.force(true);
        channel.close();
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--r--r--"));
        // Replacing an existing copy is harmless (same bytes) and heals a damaged one.
        AtomicFiles.publish(staged, path(actual));
        return actual;
      } finally {
        close();
      }
    }

    @Override
    public void close() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(staged);
      }
    }
  }
}
