package dev.strata.store;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.AtomicFiles;
import dev.strata.fs.TreeDeletion;
import dev.strata.image.CanonicalJson;
import dev.strata.image.ChainId;
import dev.strata.image.ImageConfig;
import dev.strata.image.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracted layers under {@code layers/<chain id hex>/}. A layer directory appears only complete:
 * it is extracted into the session's staging area, its diff id checked, its metadata written and
 * everything fsynced, then renamed into place. A per-chain-id lock keeps two processes from
 * extracting the same layer twice; if one somehow does, the rename tells it the other won.
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class LayerStore {
  private final Store store;
  private final Path dir;

  LayerStore(Store store, Path layers) {
    this.store = store;
    this.dir = layers;
  }

  Path directory() {
    return dir;
  }

  /** Where the directory for {@code chainId} lives (whether or not it is there). */
  public Path path(Digest chainId) {
    return dir.resolve(chainId.encoded());
  }

  /** The layer directory for {@code chainId} if it has been extracted. */
  public Optional<LayerDir> get(Digest chainId) throws IOException {
    Path p = path(chainId);
    try {
      return Optional.of(readMetadata(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  static LayerDir readMetadata(Path layerDir) throws IOException {
    byte[] bytes = Files.readAllBytes(layerDir.resolve(LayerDir.METADATA));
    return CanonicalJson.read(bytes, LayerDir.class, "layer metadata " + layerDir).at(layerDir);
  }

  /**
   * The layer directory for the layer with {@code diffId} on top of chain {@code parent} (null for
   * a base layer), extracting blob {@code blob} with {@code extractor} if it is not there yet.
   * Throws {@link BlobVerificationException} when the blob does not unpack to {@code diffId};
   * nothing is left behind then.
   */
  public LayerDir ensure(Digest parent, Digest diffId, Digest blob, LayerExtractor extractor)
      throws IOException {
    Digest chainId = ChainId.of(parent, diffId);
    Optional<LayerDir> existing = get(chainId);
    if (existing.isPresent()) {
      return existing.get();
    }
    try (StoreLock key = store.lock("layer " + chainId)) {
      existing = get(chainId);
      if (existing.isPresent()) {
        return existing.get();
      }
      Path work = store.newTempDirectory("layer");
      try {
        Path diff = Files.createDirectory(work.resolve(LayerDir.DIFF));
        Digest unpacked;
        try (InputStream in = store.blobs().open(blob)) {
          unpacked = extractor.extract(in, diff);
        }
        if (!diffId.equals(unpacked)) {
          throw new BlobVerificationException(
              "layer blob "
                  + blob
                  + " unpacks to diff id "
                  + unpacked
                  + ", but the image config says "
                  + diffId);
        }
        LayerDir layer = new LayerDir(chainId, diffId, parent, blob, null);
        Files.write(work.resolve(LayerDir.METADATA), CanonicalJson.write(layer));
        AtomicFiles.fsyncTree(work);
        Path target = path(chainId);
        try {
          AtomicFiles.publish(work, target);
        } catch (FileAlreadyExistsException e) {
          // Another writer published the same layer first; theirs is as good as ours.
          TreeDeletion.delete(work);
        }
        return readMetadata(target);
      } catch (IOException | RuntimeException e) {
        TreeDeletion.delete(work);
        throw e;
      }
    }
  }

  /**
   * Makes {@code diff}, a directory that already holds the layer with {@code diffId} on top of
   * chain {@code parent} as extraction would lay it out (a storage driver's upper directory, whose
   * layer blob {@code blob} was just written from it), the layer directory of that chain, by
   * renaming it: the next step need not extract what it just wrote. {@code diff} must be on the
   * store's file system and no longer in use. When the layer directory exists already, {@code diff}
   * is deleted and the existing one returned.
   */
  public LayerDir adopt(Digest parent, Digest diffId, Digest blob, Path diff) throws IOException {
    Digest chainId = ChainId.of(parent, diffId);
    try (StoreLock key = store.lock("layer " + chainId)) {
      Optional<LayerDir> existing = get(chainId);
      if (existing.isPresent()) {
        TreeDeletion.delete(diff);
        return existing.get();
      }
      Path work = store.newTempDirectory("layer");
      try {
        Files.move(diff, work.resolve(LayerDir.DIFF), StandardCopyOption.ATOMIC_MOVE);
        LayerDir layer = new LayerDir(chainId, diffId, parent, blob, null);
        Files.write(work.resolve(LayerDir.METADATA), CanonicalJson.write(layer));
        AtomicFiles.fsyncTree(work);
        AtomicFiles.publish(work, path(chainId));
        return readMetadata(path(chainId));
      } catch (IOException | RuntimeException e) {
        TreeDeletion.delete(work);
        throw e;
      }
    }
  }

  /**
   * Every layer directory of an image, base first, extracting the missing ones: what a storage
   * driver stacks to make the image's root filesystem.
   */
  public List<LayerDir> ensureAll(Manifest manifest, ImageConfig config, LayerExtractor extractor)
      throws IOException {
    List<Digest> diffIds = config.diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new StrataException(
          "image has "
              + manifest.layers().size()
              + " layers but its config lists "
              + diffIds.size()
              + " diff ids");
    }
    List<LayerDir> out = new ArrayList<>();
    Digest parent = null;
    for (int i = 0; i < diffIds.size(); i++) {
      LayerDir layer = ensure(parent, diffIds.get(i), manifest.layers().get(i).digest(), extractor);
      out.add(layer);
      parent = layer.chainId();
    }
    return out;
  }

  /** The chain ids of every directory under {@code layers/} named like one. */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (BlobStore.HEX64.matcher(name).matches()
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Digest(Digest.SHA256, name));
        }
      }
    }
    return out;
  }

  /**
   * Removes a layer directory: first renamed into the session's staging area, so it vanishes from
   * {@code layers/} at once, then deleted. Callers hold the store lock.
   */
  void remove(Digest chainId) throws IOException {
    removeEntry(path(chainId));
  }

  void removeEntry(Path entry) throws IOException {
    Path trash = store.newTempPath("trash");
    try {
      Files.move(entry, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    }
    AtomicFiles.fsyncDirectory(dir);
    TreeDeletion.delete(trash);
  }
}
