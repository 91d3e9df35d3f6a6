package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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
  static final String KEYS_SUFFIX = ".keys";

  private final Path dir;
  private final Path staging;

  BuildRecords(Path dir, Path staging) {
    this.dir = dir;
    this.staging = staging;
  }

  /**
   * Keeps {@code record} as the latest of its Dockerfile and stage. When its keys are those of the
   * record already kept, nothing is written: a rebuild that hit everywhere costs one tiny read. A
   * small {@code .keys} file beside the record holds the fingerprint of its keys; it is removed
   * before the record is replaced and written after, so a crash in between never leaves a
   * fingerprint that vouches for another record.
   */
  public void save(BuildRecord record) throws IOException {
    Path target = path(record.dockerfile(), record.stage());
    Path keys = fingerprintPath(target);
    byte[] fingerprint = fingerprint(record);
    try {
      if (Arrays.equals(Files.readAllBytes(keys), fingerprint) && Files.exists(target)) {
        return;
      }
    } catch (NoSuchFileException e) {
      // No fingerprint: write the record.
    }
    byte[] bytes = CacheJson.seal(CacheJson.BUILD, CacheJson.build(record));
    Files.deleteIfExists(keys);
    AtomicFiles.write(target, bytes, staging);
    AtomicFiles.write(keys, fingerprint, staging);
  }

  /** The fingerprint of a record's identity and keys: what decides whether it needs writing. */
  private static byte[] fingerprint(BuildRecord r) {
    Framing f = new Framing();
    f.text("strata.cache.build.keys");
    f.text(r.dockerfile());
    f.text(r.stage());
    f.u32(r.keyVersion());
    f.u32(r.steps().size());
    for (RecordedStep s : r.steps()) {
      f.u32(s.index());
      f.text(s.parent().map(CacheKey::toString).orElse(""));
      f.text(s.key().toString());
    }
    return (Digest.sha256(f.bytes()).toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static Path fingerprintPath(Path record) {
    String name = record.getFileName().toString();
    return record.resolveSibling(
        name.substring(0, name.length() - CacheIndex.SUFFIX.length()) + KEYS_SUFFIX);
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
      // Damaged: make the next save write a fresh record even if its keys are the same.
      Files.deleteIfExists(fingerprintPath(file));
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
