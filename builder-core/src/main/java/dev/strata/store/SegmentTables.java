package dev.strata.store;

import dev.strata.Digest;
import dev.strata.fs.AtomicFiles;
import dev.strata.layer.ParallelGzipOutputStream;
import dev.strata.layer.SegmentSource;
import dev.strata.layer.SegmentTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The segment tables of gzip layer blobs, under {@code cache/segments/<hex>}: derived data, kept so
 * that a layer written later can copy the compressed segments it shares with an earlier one (see
 * {@link dev.strata.layer.ParallelGzipOutputStream}). A missing, unreadable or malformed table only
 * means those segments are deflated again. A table is trusted no further than its blob's size and
 * each segment's checksum, and the stream that takes a segment checks that it decodes to exactly
 * the bytes it stands for.
 */
public final class SegmentTables {
  // "strata segments", version 2 (version 1 looked segments up by the sha256 of their input).
  private static final long MAGIC = 0x7374736567730002L;

  // Magic, deflater, blob size, count; then per segment the CRC-32C of its input, its size, offset,
  // compressed size and the CRC-32C of its compressed bytes.
  private static final int HEADER = 8 + 4 + 8 + 4;
  private static final int ENTRY = 4 + 4 + 8 + 4 + 4;

  // The first segment starts after the 10-byte gzip header.
  private static final long GZIP_HEADER = 10;

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
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(HEADER + ENTRY * table.segments().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(MAGIC);
      out.writeInt(table.deflater());
      out.writeLong(table.blobSize());
      out.writeInt(table.segments().size());
      for (SegmentTable.Segment s : table.segments()) {
        out.writeInt(s.inputChecksum());
        out.writeInt(s.size());
        out.writeLong(s.offset());
        out.writeInt(s.compressedSize());
        out.writeInt(s.checksum());
      }
    }
    Files.createDirectories(dir);
    AtomicFiles.write(path(blob), bytes.toByteArray(), session.dir());
  }

  /**
   * The table of {@code blob}, if one was recorded and is well formed: its segments lie back to
   * back from the end of the gzip header, each within the bounds a segment can have. Anything else,
   * or a table that cannot be read, is no table.
   */
  public Optional<SegmentTable> read(Digest blob) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path(blob));
    } catch (IOException e) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (bytes.length < HEADER || in.readLong() != MAGIC) {
        return Optional.empty();
      }
      int deflater = in.readInt();
      long blobSize = in.readLong();
      int count = in.readInt();
      if (count < 0 || (long) count * ENTRY != bytes.length - HEADER) {
        return Optional.empty();
      }
      List<SegmentTable.Segment> segments = new ArrayList<>(count);
      long next = GZIP_HEADER;
      for (int i = 0; i < count; i++) {
        SegmentTable.Segment s =
            new SegmentTable.Segment(
                in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt());
        if (s.offset() != next
            || s.compressedSize() > ParallelGzipOutputStream.maxCompressed(s.size())) {
          return Optional.empty();
        }
        next += s.compressedSize();
        segments.add(s);
      }
      if (next > blobSize) {
        return Optional.empty();
      }
      return Optional.of(new SegmentTable(deflater, blobSize, segments));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The segments of those of {@code layers} that are in the store with a table that fits them. The
   * source reads a segment's compressed bytes from its blob when asked, and gives them only if
   * their checksum matches the table.
   */
  public SegmentSource source(Collection<Digest> layers) {
    Map<Long, Located> byInput = new HashMap<>();
    for (Digest layer : layers) {
      Optional<SegmentTable> table = read(layer);
      if (table.isEmpty() || !fits(layer, table.get())) {
        continue;
      }
      for (SegmentTable.Segment s : table.get().segments()) {
        byInput.putIfAbsent(
            key(s.inputChecksum(), s.size()),
            new Located(blobs.path(layer), table.get().deflater(), s));
      }
    }
    if (byInput.isEmpty()) {
      return SegmentSource.NONE;
    }
    return (inputChecksum, size, deflater) -> {
      Located l = byInput.get(key(inputChecksum, size));
      if (l == null || l.deflater() != deflater) {
        return null;
      }
      return l.read();
    };
  }

  private static long key(int inputChecksum, int size) {
    return ((long) inputChecksum << 32) | (size & 0xffffffffL);
  }

  private boolean fits(Digest blob, SegmentTable table) {
    try {
      return blobs.exists(blob) && blobs.size(blob) == table.blobSize();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes the tables whose blob is gone (a process killed between removing a blob and its table);
   * returns how many.
   */
  int pruneOrphans() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> tables = Files.newDirectoryStream(dir)) {
      for (Path t : tables) {
        String digest = Digest.SHA256 + ":" + t.getFileName();
        if (!Digest.isDigest(digest) || !blobs.exists(Digest.parse(digest))) {
          Files.deleteIfExists(t);
          removed++;
        }
      }
    }
    return removed;
  }

  private Path path(Digest blob) {
    return dir.resolve(blob.encoded());
  }

  /** A segment and the blob it is in. */
  private record Located(Path blob, int deflater, SegmentTable.Segment segment) {
    byte[] read() {
      byte[] bytes = new byte[segment.compressedSize()];
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      try (FileChannel ch = FileChannel.open(blob)) {
        while (buf.hasRemaining()) {
          if (ch.read(buf, segment.offset() + buf.position()) < 0) {
            return null;
          }
        }
      } catch (IOException e) {
        return null; // gone or unreadable: the segment is deflated instead
      }
      CRC32C check = new CRC32C();
      check.update(bytes);
      return (int) check.getValue() == segment.checksum() ? bytes : null;
    }
  }
}
