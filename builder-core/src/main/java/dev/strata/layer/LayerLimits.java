package dev.strata.layer;

/**
 * Bounds on what reading a layer may cost, so that a hostile or broken layer (a compression bomb, a
 * 100 MB PAX header, millions of entries) ends in a {@link LayerFormatException} instead of
 * exhausting memory or disk.
 *
 * @param maxEntries entries in one layer (whiteouts included)
 * @param maxMetadataBytes size of one PAX or GNU long-name header; Go's archive/tar allows 1 MiB
 * @param maxTarBytes decompressed bytes of the whole tar
 * @param maxEntryBytes size of one file's content
 */
public record LayerLimits(
    long maxEntries, long maxMetadataBytes, long maxTarBytes, long maxEntryBytes) {
  /** Room for real images (large ML layers included) while stopping bombs. */
  public static final LayerLimits DEFAULTS =
      new LayerLimits(2_000_000, 1L << 20, 256L << 30, 128L << 30);

  public LayerLimits {
    if (maxEntries <= 0 || maxMetadataBytes <= 0 || maxTarBytes <= 0 || maxEntryBytes <= 0) {
      throw new IllegalArgumentException("layer limits must be positive");
    }
  }

  public LayerLimits withMaxEntries(long n) {
    return new LayerLimits(n, maxMetadataBytes, maxTarBytes, maxEntryBytes);
  }

  public LayerLimits withMaxMetadataBytes(long n) {
    return new LayerLimits(maxEntries, n, maxTarBytes, maxEntryBytes);
  }

  public LayerLimits withMaxTarBytes(long n) {
    return new LayerLimits(maxEntries, maxMetadataBytes, n, maxEntryBytes);
  }

  public LayerLimits withMaxEntryBytes(long n) {
    return new LayerLimits(maxEntries, maxMetadataBytes, maxTarBytes, n);
  }
}
