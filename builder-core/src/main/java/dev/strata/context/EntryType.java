package dev.strata.context;

/** What kind of file a context entry is. */
public enum EntryType {
  FILE,
  DIR,
  SYMLINK,
  /** A FIFO, socket or device node. */
  OTHER;

  /** The type encoded in the {@code S_IFMT} bits of a Unix {@code st_mode}. */
  static EntryType ofMode(int stMode) {
    return switch (stMode & 0170000) {
      case 0100000 -> FILE;
      case 0040000 -> DIR;
      case 0120000 -> SYMLINK;
      default -> OTHER;
    };
  }
}
