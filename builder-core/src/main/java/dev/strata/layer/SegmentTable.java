package dev.strata.layer;

import dev.strata.Digest;
import java.util.List;
import java.util.Objects;

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
   * @param digest the sha256 of its uncompressed bytes
   * @param size how many uncompressed bytes it holds
   * @param offset where its compressed bytes start in the blob
   * @param compressedSize how many compressed bytes it has
   * @param checksum the CRC-32C of its compressed bytes, which a reader checks before reusing them
   */
  public record Segment(Digest digest, int size, long offset, int compressedSize, int checksum) {
    public Segment {
      Objects.requireNonNull(digest, "digest");
      if (size <= 0 || compressedSize <= 0 || offset < 0) {
        throw new IllegalArgumentException("bad segment: " + size + "/" + compressedSize);
      }
    }
  }
}
