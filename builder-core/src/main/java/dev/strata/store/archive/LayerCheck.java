package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.MediaTypes;
import dev.strata.layer.Compression;
import dev.strata.layer.LayerEntry;
import dev.strata.layer.LayerLimits;
import dev.strata.layer.LayerReader;
import dev.strata.store.BlobSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a layer blob once through {@link LayerReader}: the tar and its compression must be whole
 * and well-formed, every name must stay inside the layer, whiteouts must be valid, the limits must
 * hold, the compression must be the one the media type names, and the uncompressed tar must hash to
 * the diff id the image config lists. A layer that passes can be applied; one that does not is
 * never recorded as part of an image.
 */
public final class LayerCheck {
  private LayerCheck() {}

  /** Checks blob {@code digest} of media type {@code mediaType} against {@code diffId}. */
  public static void verify(
      BlobSource blobs, Digest digest, String mediaType, Digest diffId, String where)
      throws IOException {
    try (InputStream in = blobs.open(digest)) {
      verify(in, digest, mediaType, diffId, where);
    }
  }

  /**
   * Checks the bytes of layer blob {@code digest} that {@code in} gives (read to their end, not
   * closed) as {@link #verify(BlobSource, Digest, String, Digest, String)} checks a stored blob.
   */
  public static void verify(
      InputStream in, Digest digest, String mediaType, Digest diffId, String where) {
    String what = "layer " + digest + where;
    Compression declared = compressionOf(mediaType, what);
    Digest actual;
    // The reader closes what it reads; the caller owns the stream.
    LayerReader reader =
        LayerReader.open(
            new FilterInputStream(in) {
              @Override
              public void close() {}
            },
            LayerLimits.DEFAULTS,
            what);
    try (reader) {
      for (LayerEntry e = reader.next(); e != null; e = reader.next()) {
        // every header is parsed and checked; contents are hashed as they are skipped
      }
      actual = reader.finish();
      if (reader.compression() != declared) {
        throw new StrataException(
            what
                + " is "
                + name(reader.compression())
                + " but its media type "
                + mediaType
                + " says "
                + name(declared));
      }
    }
    if (!actual.equals(diffId)) {
      throw new StrataException(
          what + " unpacks to diff id " + actual + ", but the image config lists " + diffId);
    }
  }

  static Compression compressionOf(String mediaType, String what) {
    if (!MediaTypes.isLayer(mediaType)) {
      throw new StrataException(what + " has unsupported media type " + mediaType);
    }
    return Compression.fromMediaType(mediaType);
  }

  private static String name(Compression c) {
    return c == Compression.NONE ? "an uncompressed tar" : c.name().toLowerCase() + "-compressed";
  }
}
