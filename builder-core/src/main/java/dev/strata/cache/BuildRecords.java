package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.CanonicalJson;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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

  /**
   * Records {@code record} as the last build of its stage. A record whose keys are those already
   * recorded is not written again: a rebuild that hit everywhere costs one small read.
   */
  public void save(BuildRecord record) throws IOException {
    Path target = path(record.dockerfile(), record.stage(), ".json");
    Path keys = path(record.dockerfile(), record.stage(), ".keys");
    byte[] fingerprint = fingerprint(record).getBytes(StandardCharsets.UTF_8);
    try {
      if (Arrays.equals(Files.readAllBytes(keys), fingerprint) && Files.exists(target)) {
        return;
      }
    } catch (NoSuchFileException e) {
      // first build of this stage
    }
    Files.createDirectories(target.getParent());
    Path staging = store.newTempDirectory("build-record");
    AtomicFiles.write(target, CanonicalJson.write(record), staging);
    AtomicFiles.write(keys, fingerprint, staging);
  }

  private static String fingerprint(BuildRecord record) {
    StringBuilder keys = new StringBuilder();
    record.steps().forEach(s -> keys.append(s.key()).append('\n'));
    return Digest.sha256(keys.toString()).toString();
  }

  private Path path(String dockerfile, String stage) {
    return path(dockerfile, stage, ".json");
  }

  private Path path(String dockerfile, String stage, String suffix) {
    return dir.resolve(Digest.sha256(dockerfile + "\0" + stage).encoded() + suffix);
  }
}
