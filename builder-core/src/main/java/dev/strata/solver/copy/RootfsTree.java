package dev.strata.solver.copy;

import dev.strata.Digest;
import dev.strata.context.ContextEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Another stage's (or image's) root file system as a COPY --from source: everything in it is
 * visible, owners are kept, paths are read as if chrooted into it.
 */
final class RootfsTree implements SourceTree {
  private final Path root;

  RootfsTree(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new CopyException(
          "cannot open source rootfs " + root + ": " + ContextTree.reason(e), e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new CopyException("source rootfs " + root + " is not a directory");
    }
  }

  @Override
  public String describe() {
    return "the source rootfs " + root;
  }

  @Override
  public boolean keepsOwners() {
    return true;
  }

  @Override
  public Optional<SourceEntry> lookup(String path) {
    try {
      return Optional.of(SourceEntry.stat(hostPath(path), path, false));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return Optional.empty();
      }
      throw failure(path, e);
    } catch (IOException e) {
      throw failure(path, e);
    }
  }

  @Override
  public List<SourceEntry> walk(String path) {
    List<SourceEntry> out = new ArrayList<>();
    Optional<SourceEntry> top = lookup(path);
    if (top.isEmpty()) {
      return out;
    }
    walk(top.get(), out);
    return out;
  }

  private void walk(SourceEntry dir, List<SourceEntry> out) {
    out.add(dir);
    if (!dir.isDirectory()) {
      return;
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(hostPath(dir.path()))) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw failure(dir.path(), e);
    }
    names.sort(ContextEntry.PATH_ORDER);
    for (String name : names) {
      String rel = dir.path().isEmpty() ? name : dir.path() + "/" + name;
      lookup(rel).ifPresent(child -> walk(child, out));
    }
  }

  @Override
  public Path hostPath(String path) {
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("not a relative path: " + path);
    }
    return path.isEmpty() ? root : root.resolve(path);
  }

  @Override
  public Map<String, Digest> digests(Collection<String> files) {
    Map<String, Digest> out = new TreeMap<>(ContextEntry.PATH_ORDER);
    for (String f : files) {
      try {
        out.put(f, ConfinedFiles.digest(root, f));
      } catch (IOException e) {
        throw failure(f, e);
      }
    }
    return out;
  }

  private CopyException failure(String path, IOException e) {
    return new CopyException(
        "cannot read /" + path + " in " + describe() + ": " + ContextTree.reason(e), e);
  }
}
