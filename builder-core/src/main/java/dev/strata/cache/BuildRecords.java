package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The latest {@link BuildRecord} of each (Dockerfile, stage), under {@code cache/builds/}: one
 * checksummed file per pair, named by a digest of the pair and replaced atomically after each build
 * of the stage, so the next build of the same Dockerfile and stage can say why it missed (a failed
 * build is best not saved: the last good one is the better comparison). A damaged record reads as
 * no record (the explanation then says there is no earlier build) and is reported by the system
 * check.
 */
public final class BuildRecords {
  private final Path dir;
  private final Path staging;

  BuildRecords(Path dir, Path staging) {
    this.dir = dir;
    this.staging = staging;
  }

  /** Keeps {@code record} as the latest of its Dockerfile and stage. */
  public void save(BuildRecord record) throws IOException {
    byte[] bytes = CacheJson.seal(CacheJson.BUILD, CacheJson.build(record));
    AtomicFiles.write(path(record.dockerfile(), record.stage()), bytes, staging);
  }

  /** The latest readable record of {@code dockerfile} and {@code stage}. */
  public Optional<BuildRecord> latest(String dockerfile, String stage) throws IOException {
    Path file = path(dockerfile, stage);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      BuildRecord r = decode(bytes, file);
      return r.dockerfile().equals(dockerfile) && r.stage().equals(stage)
          ? Optional.of(r)
          : Optional.empty();
    } catch (StrataException e) {
      return Optional.empty();
    }
  }

  Path directory() {
    return dir;
  }

  static BuildRecord decode(byte[] bytes, Path file) {
    String what = "build record " + file.getFileName();
    return CacheJson.build(CacheJson.open(bytes, CacheJson.BUILD, what), what);
  }

  /** The file of a (Dockerfile, stage) pair: named by a framed digest of both. */
  Path path(String dockerfile, String stage) {
    Framing f = new Framing();
    f.text("strata.cache.build");
    f.text(dockerfile);
    f.text(stage);
    return dir.resolve(Digest.sha256(f.bytes()).encoded() + CacheIndex.SUFFIX);
  }
}
