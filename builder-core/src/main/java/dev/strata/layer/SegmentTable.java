package dev.strata.layer;

import java.util.List;

/**
 * Where each independently compressed segment of a gzip layer blob lies, and what it holds: what a
 * later layer that shares a segment's bytes needs to copy the segment's compressed bytes instead of
 * deflating them again (see {@link ParallelGzipOutputStream}).
 *
 * @param deflater what deflating a fixed sample gave with the zlib and level that compressed the
 *     segments: reused bytes must be what compressing them for the new layer would give
 * @param blobSize the size of the whole blob, to recognize a table that does not fit its blob
 * @param segments the segments in stream order
 */
public record SegmentTable(int deflater, long blobSize, List<Segment> segments) {
  public SegmentTable {
    segments = List.copyOf(segments);
  }

  /**
   * One segment.
   *
   * @param inputChecksum the CRC-32C of its uncompressed bytes: only what a later layer looks the
   *     segment up by, since a segment is taken only once it decodes to exactly the bytes wanted
   * @param size how many uncompressed bytes it holds
   * @param offset where its compressed bytes start in the blob
   * @param compressedSize how many compressed bytes it has
   * @param checksum the CRC-32C of its compressed bytes, which a reader checks before reusing them
   */
  public record Segment(
      int inputChecksum, int size, long offset, int compressedSize, int checksum) {
    public Segment {
      if (size <= 0 || compressedSize <= 0 || offset < 0) {
        throw new IllegalArgumentException("bad segment: " + size + "/" + compressedSize);
      }
    }
  }
}
