package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.CheckExtension;
import dev.strata.store.CheckReport.Finding;
import dev.strata.store.CheckReport.Kind;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cache's part of {@code strata system check}: every index file must be a readable entry for
 * the key it is named by, whose layer blobs are present, of the recorded size and hash to their
 * names; every build record must be readable and filed under its own Dockerfile and stage. Repair
 * drops what fails (an entry is only a saved result, so dropping one costs a rebuild, never
 * correctness) and removes files that do not belong.
 */
final class CacheIndexCheck implements CheckExtension {
  private final CacheIndex index;

  CacheIndexCheck(CacheIndex index) {
    this.index = index;
  }

  @Override
  public void check(Store store, boolean repair, Consumer<Finding> findings) throws IOException {
    Map<Digest, Boolean> sound = new HashMap<>();
    checkStrays(repair, findings);
    for (Path file : index.files()) {
      Optional<CacheKey> key = CacheIndex.keyOf(file);
      if (key.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        stray(file, "not a cache entry file", repair, findings);
        continue;
      }
      String problem;
      try {
        CacheEntry entry = CacheIndex.decode(Files.readAllBytes(file), key.get());
        problem = index.problem(entry).orElse(null);
        if (problem == null) {
          problem = corruptBlob(store, entry, sound);
        }
      } catch (NoSuchFileException e) {
        continue;
      } catch (StrataException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        boolean removed = repair && CacheIndex.delete(file);
        findings.accept(
            new Finding(
                Kind.OTHER, "cache entry " + key.get(), problem + dropped(repair), removed));
      }
    }
    checkBuilds(repair, findings);
  }

  /**
   * The first layer blob of {@code entry} whose bytes do not hash to its name, hashing each once.
   */
  private static String corruptBlob(Store store, CacheEntry entry, Map<Digest, Boolean> sound)
      throws IOException {
    for (CachedLayer layer : entry.layers()) {
      Boolean ok = sound.get(layer.blob());
      if (ok == null) {
        try (InputStream in = store.blobs().open(layer.blob())) {
          ok = Digest.sha256(in).equals(layer.blob());
        } catch (NoSuchFileException e) {
          return "layer blob " + layer.blob() + " is missing";
        } catch (StrataException e) {
          return "layer blob " + layer.blob() + ": " + e.getMessage();
        }
        sound.put(layer.blob(), ok);
      }
      if (!ok) {
        return "layer blob " + layer.blob() + " is corrupt";
      }
    }
    return null;
  }

  private void checkStrays(boolean repair, Consumer<Finding> findings) throws IOException {
    try (DirectoryStream<Path> fans = Files.newDirectoryStream(index.directory())) {
      for (Path fan : fans) {
        if (!CacheIndex.FAN.matcher(fan.getFileName().toString()).matches()
            || !Files.isDirectory(fan, LinkOption.NOFOLLOW_LINKS)) {
          stray(fan, "not a cache index directory", repair, findings);
        }
      }
    }
  }

  private void checkBuilds(boolean repair, Consumer<Finding> findings) throws IOException {
    BuildRecords builds = index.builds();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(builds.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(BuildRecords.KEYS_SUFFIX)
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Path record =
              file.resolveSibling(
                  name.substring(0, name.length() - BuildRecords.KEYS_SUFFIX.length())
                      + CacheIndex.SUFFIX);
          if (!Files.exists(record)) {
            stray(file, "a key fingerprint without its build record", repair, findings);
          }
          continue;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            || !name.endsWith(CacheIndex.SUFFIX)) {
          stray(file, "not a build record", repair, findings);
          continue;
        }
        String problem;
        try {
          BuildRecord r = BuildRecords.decode(Files.readAllBytes(file), file);
          problem =
              builds.path(r.dockerfile(), r.stage()).equals(file)
                  ? null
                  : "holds the record of " + r.dockerfile() + " stage " + r.stage();
        } catch (NoSuchFileException e) {
          continue;
        } catch (StrataException e) {
          problem = e.getMessage();
        }
        if (problem != null) {
          boolean removed = repair && CacheIndex.delete(file);
          findings.accept(
              new Finding(Kind.OTHER, "build record " + file, problem + dropped(repair), removed));
        }
      }
    }
  }

  private static void stray(Path p, String why, boolean repair, Consumer<Finding> findings)
      throws IOException {
    if (repair) {
      deleteTree(p);
    }
    findings.accept(new Finding(Kind.STRAY_FILE, p.toString(), why, repair));
  }

  private static String dropped(boolean repair) {
    return repair ? "; dropped" : "";
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      CacheIndex.delete(root);
      return;
    }
    TreeDeletion.delete(root);
  }
}
