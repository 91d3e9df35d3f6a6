package dev.strata.driver;

import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.CanonicalJson;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a snapshot's home records about it ({@code snapshot.json}), so that it can be opened again
 * by another process: its id, its driver, its parent chain, and for vfs the time from which a
 * changed inode shows a newer ctime.
 */
record SnapshotRecord(String id, String driver, LayerChain parent, long baselineNanos) {
  static final String FILE = "snapshot.json";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a snapshot id is 1 to 128 letters, digits, '.', '_' or '-': " + id);
    }
    return id;
  }

  void write(Path home) throws IOException {
    AtomicFiles.write(home.resolve(FILE), CanonicalJson.write(this));
  }

  static SnapshotRecord read(Path home, String expectedDriver) throws IOException {
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(home.resolve(FILE));
    } catch (NoSuchFileException e) {
      throw new StrataException("no snapshot in " + home + ": " + FILE + " is missing");
    }
    SnapshotRecord r = CanonicalJson.read(bytes, SnapshotRecord.class, "snapshot " + home);
    if (!expectedDriver.equals(r.driver())) {
      throw new StrataException(
          "snapshot "
              + r.id()
              + " in "
              + home
              + " was made by storage driver "
              + r.driver()
              + ", not "
              + expectedDriver);
    }
    return r;
  }
}
