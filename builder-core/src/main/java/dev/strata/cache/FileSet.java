package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.context.ContextEntry;
import dev.strata.context.EntryType;
import dev.strata.context.TreeDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A selection of build-context entries as a COPY or ADD key covers it, in {@link
 * ContextEntry#PATH_ORDER}, and its {@link TreeDigest}: the one definition of a selection's
 * identity (path, type, mode, content digest or link target, and owners only when they count). The
 * entries are kept so that a miss can be explained file by file.
 */
public final class FileSet {
  private final List<FileEntry> entries;
  private final boolean withOwners;
  private final Digest digest;
  private Map<String, FileEntry> byPath;

  private FileSet(List<FileEntry> sorted, boolean withOwners, Digest digest) {
    this.entries = Collections.unmodifiableList(sorted);
    this.withOwners = withOwners;
    this.digest = digest;
  }

  /**
   * The set of {@code entries}; {@code withOwners} says whether uid and gid count (they do when the
   * copy keeps the source's owners, not when --chown replaces them).
   *
   * @throws IllegalArgumentException when a path repeats, or owners are present exactly when they
   *     do not count
   */
  public static FileSet of(Collection<FileEntry> entries, boolean withOwners) {
    List<FileEntry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> ContextEntry.PATH_ORDER.compare(a.path(), b.path()));
    List<ContextEntry> context = new ArrayList<>(sorted.size());
    Map<String, Digest> contents = new HashMap<>();
    for (FileEntry e : sorted) {
      if (e.owner().isPresent() != withOwners) {
        throw new IllegalArgumentException(
            (withOwners ? "owner missing for " : "owner given but not counted for ") + e.path());
      }
      FileEntry.Owner o = e.owner().orElse(new FileEntry.Owner(0, 0));
      context.add(
          new ContextEntry(
              e.path(),
              e.type(),
              e.mode(),
              o.uid(),
              o.gid(),
              0,
              Instant.EPOCH,
              e.linkTarget().orElse(null)));
      e.content().ifPresent(c -> contents.put(e.path(), c));
    }
    return new FileSet(sorted, withOwners, TreeDigest.of(context, contents, withOwners));
  }

  /**
   * The set of context {@code entries} with the content digests of their regular files, as {@link
   * dev.strata.context.ContextHasher} computed them.
   */
  public static FileSet ofContext(
      Collection<ContextEntry> entries, Map<String, Digest> contentDigests, boolean withOwners) {
    List<FileEntry> files = new ArrayList<>(entries.size());
    for (ContextEntry c : entries) {
      Optional<Digest> content = Optional.empty();
      if (c.type() == EntryType.FILE) {
        Digest d = contentDigests.get(c.path());
        if (d == null) {
          throw new IllegalArgumentException("no content digest for file " + c.path());
        }
        content = Optional.of(d);
      }
      files.add(
          new FileEntry(
              c.path(),
              c.type(),
              c.mode(),
              withOwners ? Optional.of(new FileEntry.Owner(c.uid(), c.gid())) : Optional.empty(),
              content,
              Optional.ofNullable(c.linkTarget())));
    }
    return of(files, withOwners);
  }

  public List<FileEntry> entries() {
    return entries;
  }

  public boolean withOwners() {
    return withOwners;
  }

  /** The {@link TreeDigest} of the selection. */
  public Digest digest() {
    return digest;
  }

  /** The entries by path, in path order. */
  public Map<String, FileEntry> byPath() {
    Map<String, FileEntry> m = byPath;
    if (m == null) {
      m = new LinkedHashMap<>();
      for (FileEntry e : entries) {
        m.put(e.path(), e);
      }
      m = Collections.unmodifiableMap(m);
      byPath = m;
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileSet f
        && withOwners == f.withOwners
        && digest.equals(f.digest)
        && entries.equals(f.entries);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "FileSet[" + entries.size() + " entries, " + digest + "]";
  }
}
