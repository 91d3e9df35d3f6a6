package dev.strata.solver.copy;

import dev.strata.Digest;
import dev.strata.context.BuildContext;
import dev.strata.context.BuildContextException;
import dev.strata.context.ContextEntry;
import dev.strata.context.ContextHasher;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A build context as COPY and ADD see it: only what {@link BuildContext} lists (the ignore file
 * applied), owners reset to 0:0 as docker's context transfer does, contents hashed through the
 * context's stat cache when a {@link ContextHasher} is given.
 */
final class ContextTree implements SourceTree {
  private final BuildContext context;
  private final ContextHasher hasher; // may be null

  ContextTree(BuildContext context, ContextHasher hasher) {
    this.context = context;
    this.hasher = hasher;
  }

  @Override
  public String describe() {
    return "the build context";
  }

  @Override
  public boolean keepsOwners() {
    return false;
  }

  @Override
  public Optional<SourceEntry> lookup(String path) {
    if (path.isEmpty()) {
      return Optional.of(root());
    }
    try {
      return context.entry(path).map(this::toSource);
    } catch (BuildContextException e) {
      if (e.getCause() instanceof NotDirectoryException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<SourceEntry> walk(String path) {
    List<SourceEntry> out = new ArrayList<>();
    if (path.isEmpty()) {
      out.add(root());
    }
    context.walk(path, e -> out.add(toSource(e)));
    return out;
  }

  @Override
  public Path hostPath(String path) {
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("not a relative path: " + path);
    }
    return path.isEmpty() ? context.root() : context.root().resolve(path);
  }

  @Override
  public Map<String, Digest> digests(Collection<String> files) {
    if (files.isEmpty()) {
      return Map.of();
    }
    if (hasher != null) {
      return hasher.hash(files).digests();
    }
    Map<String, Digest> out = new TreeMap<>(ContextEntry.PATH_ORDER);
    for (String f : files) {
      try {
        out.put(f, ConfinedFiles.digest(context.root(), f));
      } catch (IOException e) {
        throw new CopyException("cannot read " + f + " in the build context: " + reason(e), e);
      }
    }
    return out;
  }

  private SourceEntry root() {
    try {
      return SourceEntry.stat(context.root(), "", true);
    } catch (IOException e) {
      throw new CopyException(
          "cannot read the build context " + context.root() + ": " + reason(e), e);
    }
  }

  /** The walk's entry, with what it lacks (inode, links, device numbers) from one more lstat. */
  private SourceEntry toSource(ContextEntry e) {
    switch (e.type()) {
      case DIR:
        return new SourceEntry(
            e.path(),
            SourceEntry.Kind.DIR,
            e.mode(),
            0,
            0,
            e.size(),
            e.modified(),
            null,
            0,
            0,
            1,
            0);
      default:
        try {
          return SourceEntry.stat(context.root().resolve(e.path()), e.path(), true);
        } catch (NoSuchFileException gone) {
          throw new CopyException(e.path() + " was removed from the build context while copying");
        } catch (IOException io) {
          throw new CopyException(
              "cannot read " + e.path() + " in the build context: " + reason(io), io);
        }
    }
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
