package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.CanonicalJson;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last build of each (Dockerfile, stage), under the store's {@code cache/builds/}: replaced
 * atomically after each build of the stage, read to explain the misses of the next.
 */
public final class BuildRecords {
  private final Store store;
  private final Path dir;

  public BuildRecords(Store store) {
    this.store = store;
    this.dir = store.cacheDir().resolve("builds");
  }

  /** The previous build of {@code stage} of {@code dockerfile}, if one was recorded. */
  public Optional<BuildRecord> last(String dockerfile, String stage) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path(dockerfile, stage));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(CanonicalJson.read(bytes, BuildRecord.class, "build record"));
    } catch (StrataException | IllegalArgumentException e) {
      return Optional.empty(); // an unreadable record only costs the explanation
    }
  }

  public void save(BuildRecord record) throws IOException {
    Path target = path(record.dockerfile(), record.stage());
    Files.createDirectories(target.getParent());
    AtomicFiles.write(target, CanonicalJson.write(record), store.newTempDirectory("build-record"));
  }

  private Path path(String dockerfile, String stage) {
    return dir.resolve(Digest.sha256(dockerfile + "\0" + stage).encoded() + ".json");
  }
}
