package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.layer.ParallelGzipOutputStream;
import dev.strata.layer.SegmentSource;
import dev.strata.layer.SegmentTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTablesTest {
  @TempDir Path root;
  Store store;
  byte[] gzip;
  SegmentTable table;
  Digest blob;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(root);
    byte[] data = new byte[3 << 20];
    Random r = new Random(5);
    for (int i = 0; i < data.length; i++) {
      data[i] = (i >> 14) % 2 == 0 ? (byte) ('a' + r.nextInt(3)) : (byte) r.nextInt();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream z = new ParallelGzipOutputStream(out, 6, 2);
    z.write(data);
    z.close();
    gzip = out.toByteArray();
    table = z.segments();
    blob = store.blobs().put(gzip, null);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void aTableReadsBackAsWrittenAndServesItsBlobsSegments() throws IOException {
    store.segments().write(blob, table);
    assertThat(store.segments().read(blob)).contains(table);
    SegmentSource source = store.segments().source(List.of(blob));
    for (SegmentTable.Segment s : table.segments()) {
      int from = (int) s.offset();
      assertThat(source.compressed(s.inputChecksum(), s.size(), table.deflater()))
          .isEqualTo(Arrays.copyOfRange(gzip, from, from + s.compressedSize()));
      // Another deflater or size is another segment.
      assertThat(
              source.compressed(s.inputChecksum(), s.size(), ParallelGzipOutputStream.deflater(1)))
          .isNull();
      assertThat(source.compressed(s.inputChecksum(), s.size() + 1, table.deflater())).isNull();
    }
  }

  @Test
  void noTableOrAMalformedOneServesNothing() throws IOException {
    assertThat(store.segments().read(blob)).isEmpty();
    assertThat(firstSegmentServed()).isNull();
    Path file = root.resolve("cache/segments").resolve(blob.encoded());
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(store.segments().read(blob)).isEmpty();
  }

  @Test
  void aTableThatDoesNotFitItsBlobServesNothing() throws IOException {
    store
        .segments()
        .write(blob, new SegmentTable(table.deflater(), gzip.length + 1, table.segments()));
    assertThat(firstSegmentServed()).isNull();
  }

  /** What the store's source for the blob gives for its first segment. */
  private byte[] firstSegmentServed() throws IOException {
    SegmentTable.Segment first = table.segments().get(0);
    return store
        .segments()
        .source(List.of(blob))
        .compressed(first.inputChecksum(), first.size(), table.deflater());
  }

  @Test
  void aSegmentWhoseBytesNoLongerMatchTheirChecksumIsNotServed() throws IOException {
    store.segments().write(blob, table);
    SegmentTable.Segment second = table.segments().get(1);
    // Damage one byte of the second segment in place (the blob file is read-only by design).
    Path path = store.blobs().path(blob);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] damaged = gzip.clone();
    damaged[(int) second.offset() + 3] ^= 0x40;
    Files.write(path, damaged);
    SegmentSource source = store.segments().source(List.of(blob));
    assertThat(source.compressed(second.inputChecksum(), second.size(), table.deflater())).isNull();
    SegmentTable.Segment first = table.segments().get(0);
    assertThat(source.compressed(first.inputChecksum(), first.size(), table.deflater()))
        .isNotNull();
  }

  @Test
  void collectingTheBlobForgetsItsTable() throws IOException {
    store.segments().write(blob, table);
    assertThat(store.collectGarbage().removedBlobs()).contains(blob);
    assertThat(store.segments().read(blob)).isEmpty();
    assertThat(root.resolve("cache/segments").resolve(blob.encoded())).doesNotExist();
  }

  @Test
  void aTableWhoseSegmentsDoNotLieBackToBackIsNoTable() throws IOException {
    java.util.List<SegmentTable.Segment> moved = new java.util.ArrayList<>(table.segments());
    SegmentTable.Segment s = moved.get(1);
    moved.set(
        1,
        new SegmentTable.Segment(
            s.inputChecksum(), s.size(), s.offset() + 1, s.compressedSize(), s.checksum()));
    store.segments().write(blob, new SegmentTable(table.deflater(), table.blobSize(), moved));
    assertThat(store.segments().read(blob)).isEmpty();
  }

  @Test
  void collectingGarbageRemovesTablesWhoseBlobIsGone() throws IOException {
    Digest gone = Digest.sha256("no such blob");
    // A table left behind by a process killed between removing the blob and the table.
    store.segments().write(gone, table);
    store.collectGarbage();
    assertThat(root.resolve("cache/segments").resolve(gone.encoded())).doesNotExist();
  }
}
