package dev.strata.store;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.ChainId;
import dev.strata.image.ImageReference;
import dev.strata.store.CheckReport.Finding;
import dev.strata.store.CheckReport.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code strata system check [--repair]}: re-hashes every blob, follows every image and reference
 * to its manifest, config and layers, and checks every layer directory's metadata. Repair removes
 * only what is broken beyond use (a corrupt blob, a record of a manifest that is gone, an
 * incomplete layer directory, a stray file) and never anything valid; an image missing content
 * stays, reported, so that its name is not lost before it is pulled or built again.
 *
 * <p>Hashing happens without the store lock (blobs are immutable); everything that reads or changes
 * records runs under it, and a blob is hashed again under the lock before it is removed.
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class SystemCheck {
  private final Store store;

  SystemCheck(Store store) {
    this.store = store;
  }

  public CheckReport run(boolean repair) throws IOException {
    List<Finding> findings = new ArrayList<>();
    BlobStore blobs = store.blobs();
    Set<Digest> suspects = new LinkedHashSet<>();
    List<Path> strays = new ArrayList<>();
    int blobCount = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(blobs.directory())) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!BlobStore.HEX64.matcher(name).matches()
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          strays.add(p);
          continue;
        }
        blobCount++;
        Digest d = new Digest(Digest.SHA256, name);
        if (!d.equals(hash(p))) {
          suspects.add(d);
        }
      }
    }

    int imageCount;
    int layerCount = 0;
    try (StoreLock lock = store.lock()) {
      for (Path p : strays) {
        boolean removed = repair && Files.deleteIfExists(p);
        findings.add(
            new Finding(Kind.STRAY_FILE, p.toString(), "not named by a sha256 digest", removed));
      }
      Set<Digest> corrupt = new LinkedHashSet<>();
      for (Digest d : suspects) {
        Digest actual = hash(blobs.path(d));
        if (actual == null || actual.equals(d)) {
          continue;
        }
        corrupt.add(d);
        boolean removed = repair && blobs.delete(d);
        findings.add(
            new Finding(Kind.CORRUPT_BLOB, d.toString(), "content hashes to " + actual, removed));
      }
      imageCount = checkImages(repair, corrupt, findings);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(store.layers().directory())) {
        for (Path p : entries) {
          layerCount++;
          checkLayer(p, repair, findings);
        }
      }
      for (CheckExtension extension : store.checks()) {
        extension.check(store, repair, findings::add);
      }
    }
    return new CheckReport(findings, blobCount, imageCount, layerCount);
  }

  /** The sha256 of a file, or null when it vanished meanwhile. */
  private static Digest hash(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return Digest.sha256(in);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private int checkImages(boolean repair, Set<Digest> corrupt, List<Finding> findings)
      throws IOException {
    ImageStore images = store.images();
    Path file = images.file();
    Catalog catalog;
    try {
      catalog = images.catalog();
    } catch (StrataException e) {
      Path aside =
          file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
      if (repair) {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      findings.add(
          new Finding(
              Kind.CORRUPT_CATALOG,
              file.toString(),
              e.getMessage() + (repair ? "; moved to " + aside.getFileName() : ""),
              repair));
      return 0;
    }
    Map<String, Catalog.Image> records = new TreeMap<>(catalog.images());
    Map<String, Digest> refs = new TreeMap<>(catalog.references());
    for (var e : catalog.images().entrySet()) {
      Digest id = Digest.parse(e.getKey());
      String name = describe(id, catalog);
      if (!store.blobs().exists(id)) {
        findings.add(
            new Finding(Kind.DANGLING_REFERENCE, name, "manifest " + id + " is missing", repair));
        if (repair) {
          records.remove(e.getKey());
          refs.values().removeIf(id::equals);
        }
        continue;
      }
      ImageContent content = ImageContent.walk(store.blobs(), id, e.getValue().mediaType());
      List<String> problems = new ArrayList<>(content.problems());
      for (Digest d : content.present()) {
        if (corrupt.contains(d) && !d.equals(id)) {
          problems.add("blob " + d + " is corrupt");
        }
      }
      if (!problems.isEmpty()) {
        findings.add(
            new Finding(
                Kind.INCOMPLETE_IMAGE,
                name,
                String.join("; ", problems) + "; pull or build it again",
                false));
      }
    }
    for (var r : catalog.references().entrySet()) {
      if (!catalog.images().containsKey(r.getValue().toString())) {
        findings.add(
            new Finding(
                Kind.DANGLING_REFERENCE,
                ImageReference.parse(r.getKey()).familiar(),
                "points at " + r.getValue() + ", which is not a recorded image",
                repair));
        if (repair) {
          refs.remove(r.getKey());
        }
      }
    }
    if (repair && (!records.equals(catalog.images()) || !refs.equals(catalog.references()))) {
      catalog.withImages(records).withReferences(refs).write(file, store.stagingDir());
    }
    return catalog.images().size();
  }

  private static String describe(Digest id, Catalog catalog) {
    List<String> names =
        catalog.references().entrySet().stream()
            .filter(r -> r.getValue().equals(id))
            .map(r -> ImageReference.parse(r.getKey()).familiar())
            .toList();
    return names.isEmpty() ? "image " + id.shortId() : String.join(", ", names);
  }

  private void checkLayer(Path p, boolean repair, List<Finding> findings) throws IOException {
    LayerStore layers = store.layers();
    String name = p.getFileName().toString();
    if (!BlobStore.HEX64.matcher(name).matches()
        || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      if (repair) {
        layers.removeEntry(p);
      }
      findings.add(new Finding(Kind.STRAY_FILE, p.toString(), "not a layer directory", repair));
      return;
    }
    String problem = null;
    try {
      LayerDir layer = LayerStore.readMetadata(p);
      Digest chain = new Digest(Digest.SHA256, name);
      if (!chain.equals(layer.chainId())) {
        problem = "metadata names chain id " + layer.chainId();
      } else if (layer.diffId() == null
          || !chain.equals(ChainId.of(layer.parent(), layer.diffId()))) {
        problem = "chain id does not follow from its parent and diff id";
      } else if (!Files.isDirectory(layer.diff(), LinkOption.NOFOLLOW_LINKS)) {
        problem = "diff directory is missing";
      }
    } catch (NoSuchFileException e) {
      problem = "metadata is missing";
    } catch (StrataException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      if (repair) {
        layers.removeEntry(p);
      }
      findings.add(new Finding(Kind.INCOMPLETE_LAYER, name, problem, repair));
    }
  }
}
