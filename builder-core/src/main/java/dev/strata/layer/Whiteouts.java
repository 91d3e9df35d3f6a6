package dev.strata.layer;

/**
 * The OCI whiteout names: {@code .wh.NAME} deletes NAME from the layers below; {@code .wh..wh..opq}
 * in a directory hides everything the layers below had in it. Storage drivers use these to
 * translate between OCI layers and overlayfs whiteouts.
 */
public final class Whiteouts {
  /** Prefix of a whiteout file's name. */
  public static final String PREFIX = ".wh.";

  /** Prefix of whiteout metadata (the opaque marker; old AUFS bookkeeping). */
  public static final String META_PREFIX = ".wh..wh.";

  /** Name of the opaque-directory marker. */
  public static final String OPAQUE = ".wh..wh..opq";

  private Whiteouts() {}

  /** The whiteout file name that deletes {@code name}. */
  public static String whiteoutName(String name) {
    return PREFIX + name;
  }

  /** Whether a base name is reserved by the whiteout convention and cannot name a real file. */
  public static boolean isReserved(String name) {
    return name.startsWith(PREFIX);
  }
}
