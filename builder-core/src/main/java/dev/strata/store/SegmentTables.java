package dev.strata.store;

import dev.strata.Digest;
import dev.strata.fs.AtomicFiles;
import dev.strata.layer.SegmentSource;
import dev.strata.layer.SegmentTable;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The segment tables of gzip layer blobs, under {@code cache/segments/<hex>}: derived data, kept so
 * that a layer written later can copy the compressed segments it shares with an earlier one (see
 * {@link dev.strata.layer.ParallelGzipOutputStream}). A missing, unreadable or stale table only
 * means those segments are deflated again; a table is never trusted further than the size of its
 * blob and the checksum of each segment it gives.
 */
public final class SegmentTables {
  // "strata segments", version 1.
  private static final long MAGIC = 0x7374736567730001L;

  private final Path dir;
  private final BlobStore blobs;
  private final Session session;

  SegmentTables(Path dir, BlobStore blobs, Session session) {
    this.dir = dir;
    this.blobs = blobs;
    this.session = session;
  }

  /** Records where the segments of {@code blob} lie. */
  public void write(Digest blob, SegmentTable table) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 56 * table.segments().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(MAGIC);
      out.writeInt(table.deflater());
      out.writeLong(table.blobSize());
      out.writeInt(table.segments().size());
      for (SegmentTable.Segment s : table.segments()) {
        out.write(HexFormat.of().parseHex(s.digest().encoded()));
        out.writeInt(s.size());
        out.writeLong(s.offset());
        out.writeInt(s.compressedSize());
        out.writeInt(s.checksum());
      }
    }
    Files.createDirectories(dir);
    AtomicFiles.write(path(blob), bytes.toByteArray(), session.dir());
  }

  /** The table of {@code blob}, if one was recorded and is well formed. */
  public Optional<SegmentTable> read(Digest blob) throws IOException {
    try (InputStream file = Files.newInputStream(path(blob));
        DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
      if (in.readLong() != MAGIC) {
        return Optional.empty();
      }
      int deflater = in.readInt();
      long blobSize = in.readLong();
      int count = in.readInt();
      if (count < 0 || count > blobSize) {
        return Optional.empty();
      }
      List<SegmentTable.Segment> segments = new ArrayList<>(count);
      byte[] digest = new byte[32];
      for (int i = 0; i < count; i++) {
        in.readFully(digest);
        segments.add(
            new SegmentTable.Segment(
                Digest.fromSha256(digest),
                in.readInt(),
                in.readLong(),
                in.readInt(),
                in.readInt()));
      }
      return Optional.of(new SegmentTable(deflater, blobSize, segments));
    } catch (NoSuchFileException | EOFException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Forgets the table of {@code blob}, once the blob is gone. */
  public void delete(Digest blob) throws IOException {
    Files.deleteIfExists(path(blob));
  }

  /**
   * The segments of those of {@code layers} that are in the store with a table that fits them. The
   * source reads a segment's compressed bytes from its blob when asked, and gives them only if
   * their checksum matches the table.
   */
  public SegmentSource source(Collection<Digest> layers) throws IOException {
    Map<Digest, Located> byDigest = new HashMap<>();
    for (Digest layer : layers) {
      Optional<SegmentTable> table = read(layer);
      if (table.isEmpty() || !blobs.exists(layer) || blobs.size(layer) != table.get().blobSize()) {
        continue;
      }
      for (SegmentTable.Segment s : table.get().segments()) {
        if (s.offset() + s.compressedSize() <= table.get().blobSize()) {
          byDigest.putIfAbsent(
              s.digest(), new Located(blobs.path(layer), table.get().deflater(), s));
        }
      }
    }
    if (byDigest.isEmpty()) {
      return SegmentSource.NONE;
    }
    return (digest, size, deflater) -> {
      Located l = byDigest.get(digest);
      if (l == null || l.segment().size() != size || l.deflater() != deflater) {
        return null;
      }
      return l.read();
    };
  }

  private Path path(Digest blob) {
    return dir.resolve(blob.encoded());
  }

  /** A segment and the blob it is in. */
  private record Located(Path blob, int deflater, SegmentTable.Segment segment) {
    byte[] read() throws IOException {
      byte[] bytes = new byte[segment.compressedSize()];
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      try (FileChannel ch = FileChannel.open(blob)) {
        while (buf.hasRemaining()) {
          if (ch.read(buf, segment.offset() + buf.position()) < 0) {
            return null;
          }
        }
      } catch (NoSuchFileException e) {
        return null;
      }
      CRC32C check = new CRC32C();
      check.update(bytes);
      return (int) check.getValue() == segment.checksum() ? bytes : null;
    }
  }
}
