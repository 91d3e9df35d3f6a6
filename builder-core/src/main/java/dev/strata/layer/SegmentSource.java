package dev.strata.layer;

import java.io.IOException;

/**
 * Compressed segments of earlier layer blobs that a new gzip layer may take as they are, so that a
 * layer that differs from an earlier one in a few files deflates only the segments those files are
 * in.
 */
@FunctionalInterface
public interface SegmentSource {
  /** Never has a segment. */
  SegmentSource NONE = (inputChecksum, size, deflater) -> null;

  /**
   * The compressed bytes of a segment whose {@code size} uncompressed bytes have the CRC-32C {@code
   * inputChecksum}, compressed by {@code deflater} (see {@link SegmentTable#deflater()}), or null
   * if there are none (or they fail their check).
   */
  byte[] compressed(int inputChecksum, int size, int deflater) throws IOException;
}
