package dev.strata.context;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A build context directory seen through its ignore file, the way BuildKit's context transfer
 * (tonistiigi/fsutil) sees it: which entries COPY and ADD can use.
 *
 * <p>The walk is depth-first with each directory's names in code-point order ({@link
 * ContextEntry#PATH_ORDER}). Each path is matched incrementally against the ignore patterns. An
 * excluded directory is not entered when that cannot change anything: when there are no exception
 * patterns, or when every exception is a plain path (no wildcard once a trailing {@code /**} or
 * {@code /*} is removed) and none lies below the directory. Otherwise it is entered without being
 * listed, and it is listed after all (right before the first entry below it that is not excluded)
 * so that re-included entries keep their parents. An excluded directory that cannot be read is
 * skipped silently; any other unreadable directory is an error naming it.
 *
 * <p>Symbolic links are listed as links and never followed; directories are opened one name at a
 * time below the root without following links, so nothing outside the context is ever listed. The
 * Dockerfile and the ignore file are ordinary entries, subject to the patterns like any other.
 */
public final class BuildContext {
  /** Characters that make an exception pattern a wildcard for the pruning rule (fsutil's set). */
  private static final String WILDCARDS = "*[]?^\\";

  private final ConfinedTree tree;
  private final IgnoreMatcher matcher;
  private final Optional<Path> ignoreFile;
  private final IgnoreFile patternSource; // for file:line in errors; null without an ignore file
  private final boolean prefixOnlyExceptions;
  private final List<String> exceptionPrefixes;
  // The whole walk, kept from the first time it is made: a build lists its context for the
  // unchanged-build check, for each COPY's selection and for hashing, and one listing serves all.
  private List<Listed> listing;

  /** A listed entry with the stat it was listed under. */
  record Listed(ContextEntry entry, FileStat stat) {}

  private BuildContext(
      Path root, IgnoreMatcher matcher, Optional<Path> ignoreFile, IgnoreFile patternSource) {
    this.tree = new ConfinedTree(root);
    this.matcher = matcher;
    this.ignoreFile = ignoreFile;
    this.patternSource = patternSource;
    List<String> prefixes = new ArrayList<>();
    boolean prefixOnly = true;
    for (IgnorePattern p : matcher.patterns()) {
      if (!p.isException()) {
        continue;
      }
      String stem = withoutTrailingGlob(p.text());
      prefixes.add(stem + "/");
      if (stem.chars().anyMatch(c -> WILDCARDS.indexOf(c) >= 0)) {
        prefixOnly = false;
      }
    }
    this.prefixOnlyExceptions = prefixOnly;
    this.exceptionPrefixes = List.copyOf(prefixes);
  }

  /**
   * Opens {@code contextDir} with the ignore file docker build uses: {@code <Dockerfile
   * name>.dockerignore} beside the Dockerfile when it exists (for {@code -f build/app.Dockerfile},
   * {@code build/app.Dockerfile.dockerignore}), else {@code .dockerignore} at the context root,
   * else none.
   *
   * @param dockerfile the Dockerfile's path, or null when it does not come from a file
   */
  public static BuildContext open(Path contextDir, Path dockerfile) {
    Path root = realDirectory(contextDir);
    if (dockerfile != null && dockerfile.getFileName() != null) {
      Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
      if (Files.isRegularFile(specific)) {
        return withIgnoreFile(root, specific, specific.toString());
      }
    }
    Path standard = root.resolve(".dockerignore");
    if (Files.exists(standard, LinkOption.NOFOLLOW_LINKS)) {
      return withIgnoreFile(root, confinedTarget(root, standard), ".dockerignore");
    }
    return new BuildContext(root, IgnoreMatcher.EMPTY, Optional.empty(), null);
  }

  /** Opens {@code contextDir} with its root {@code .dockerignore}, if any (no Dockerfile given). */
  public static BuildContext open(Path contextDir) {
    return open(contextDir, (Path) null);
  }

  /** Opens {@code contextDir} with the given patterns instead of an ignore file. */
  public static BuildContext withPatterns(Path contextDir, IgnoreMatcher matcher) {
    return new BuildContext(realDirectory(contextDir), matcher, Optional.empty(), null);
  }

  private static BuildContext withIgnoreFile(Path root, Path file, String name) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BuildContextException(
          "cannot read ignore file " + name + ": " + IgnoreFile.reason(e), e);
    }
    IgnoreFile parsed = IgnoreFile.parse(name, content);
    return new BuildContext(root, parsed.matcher(), Optional.of(file), parsed);
  }

  /** The context root, with symbolic links in its own path resolved. */
  public Path root() {
    return tree.root();
  }

  /** The ignore file in use, if any. */
  public Optional<Path> ignoreFile() {
    return ignoreFile;
  }

  public IgnoreMatcher matcher() {
    return matcher;
  }

  /**
   * Every entry COPY and ADD can see, in walk order. The context is listed once: later calls, and
   * walks of its subtrees, answer from that listing.
   */
  public List<ContextEntry> walk() {
    return listing().stream().map(Listed::entry).toList();
  }

  /** The whole listing with the stat of each entry, made on first use. */
  synchronized List<Listed> listing() {
    if (listing == null) {
      List<Listed> out = new ArrayList<>();
      walkDisk("", (e, stat) -> out.add(new Listed(e, stat)));
      listing = List.copyOf(out);
    }
    return listing;
  }

  /** The visible entries at and below {@code subtree}, in walk order; empty if none. */
  public List<ContextEntry> list(String subtree) {
    List<ContextEntry> out = new ArrayList<>();
    walk(subtree, out::add);
    return out;
  }

  /**
   * Feeds the visible entries at and below {@code subtree} ({@code ""} or {@code "."} for the whole
   * context) to {@code visitor} in walk order. A missing subtree yields nothing; a subtree reached
   * through a symbolic link is an error, since the walk never follows links.
   */
  public void walk(String subtree, Consumer<ContextEntry> visitor) {
    String rel = relative(subtree);
    List<Listed> all = listed(rel);
    if (all == null) {
      walkDisk(rel, (e, stat) -> visitor.accept(e));
      return;
    }
    if (rel.isEmpty()) {
      all.forEach(l -> visitor.accept(l.entry()));
      return;
    }
    for (int i = indexOf(all, rel); i < all.size(); i++) {
      String path = all.get(i).entry().path();
      if (!path.equals(rel) && !path.startsWith(rel + "/")) {
        break;
      }
      visitor.accept(all.get(i).entry());
    }
  }

  /**
   * The listing when it exists and answers for {@code rel} exactly as a walk of the disk would: for
   * the root, or when {@code rel}'s parent is a listed directory (so no pruned or excluded
   * ancestor, and no link on the way, can make the answer differ). Null otherwise.
   */
  private List<Listed> listed(String rel) {
    List<Listed> all;
    synchronized (this) {
      all = listing;
    }
    if (all == null || rel.isEmpty()) {
      return all;
    }
    int slash = rel.lastIndexOf('/');
    if (slash < 0) {
      return all;
    }
    String parent = rel.substring(0, slash);
    int i = indexOf(all, parent);
    boolean parentListed =
        i < all.size()
            && all.get(i).entry().path().equals(parent)
            && all.get(i).entry().isDirectory();
    return parentListed ? all : null;
  }

  /** The first index whose path is not before {@code path} in walk order. */
  private static int indexOf(List<Listed> all, String path) {
    int lo = 0;
    int hi = all.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ContextEntry.PATH_ORDER.compare(all.get(mid).entry().path(), path) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Something that is shown each entry a walk of the disk lists, with its stat. */
  private interface Visitor {
    void accept(ContextEntry entry, FileStat stat);
  }

  private void walkDisk(String rel, Visitor visitor) {
    if (rel.isEmpty()) {
      try (SecureDirectoryStream<Path> dir = tree.openRoot()) {
        walkDirectory(dir, "", IgnoreMatcher.ParentMatches.NONE, new ArrayDeque<>(), visitor);
      } catch (IOException e) {
        throw failure("cannot read build context directory " + root(), e);
      }
      return;
    }
    IgnoreMatcher.ParentMatches parentMatches = ancestorMatches(rel);
    if (parentMatches == null) {
      return;
    }
    int slash = rel.lastIndexOf('/');
    String parent = slash < 0 ? "" : rel.substring(0, slash);
    try (SecureDirectoryStream<Path> dir = tree.openDir(parent)) {
      visit(dir, rel, parentMatches, new ArrayDeque<>(), visitor);
    } catch (NoSuchFileException e) {
      // nothing there: nothing to list
    } catch (NotDirectoryException e) {
      throw new BuildContextException(
          "cannot list " + rel + " in the build context: " + parent + " is not a directory", e);
    } catch (IOException e) {
      throw failure("cannot list " + rel + " in the build context", e);
    }
  }

  /**
   * Whether the ignore patterns hide {@code path} (also when a parent directory is pruned), without
   * touching the disk. An excluded directory still shows in listings as the parent of re-included
   * entries, see {@link #entry}.
   */
  public boolean isExcluded(String path) {
    String rel = relative(path);
    if (rel.isEmpty()) {
      return false;
    }
    IgnoreMatcher.ParentMatches parentMatches = ancestorMatches(rel);
    return parentMatches == null || match(rel, parentMatches).excluded();
  }

  /**
   * The entry at {@code path} if the walk would list it: present, not excluded, or an excluded
   * directory that holds a re-included entry.
   */
  public Optional<ContextEntry> entry(String path) {
    String rel = relative(path);
    if (rel.isEmpty()) {
      return Optional.empty();
    }
    ContextEntry[] first = new ContextEntry[1];
    try {
      walk(
          rel,
          e -> {
            if (first[0] == null) {
              first[0] = e;
              throw new FoundFirst();
            }
          });
    } catch (FoundFirst found) {
      // the first entry of the subtree is enough
    }
    return Optional.ofNullable(first[0]).filter(e -> e.path().equals(rel));
  }

  /** Stops a walk early from inside a visitor. */
  private static final class FoundFirst extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FoundFirst() {
      super(null, null, false, false);
    }
  }

  /** The pattern state for {@code rel}'s parent, or null when an ancestor is pruned. */
  private IgnoreMatcher.ParentMatches ancestorMatches(String rel) {
    IgnoreMatcher.ParentMatches state = IgnoreMatcher.ParentMatches.NONE;
    int slash = rel.indexOf('/');
    while (slash >= 0) {
      String ancestor = rel.substring(0, slash);
      IgnoreMatcher.Match m = match(ancestor, state);
      if (m.excluded() && prunes(ancestor)) {
        return null;
      }
      state = m.parentMatches();
      slash = rel.indexOf('/', slash + 1);
    }
    return state;
  }

  private void walkDirectory(
      SecureDirectoryStream<Path> dir,
      String rel,
      IgnoreMatcher.ParentMatches parentMatches,
      Deque<Pending> pending,
      Visitor visitor)
      throws IOException {
    List<String> names = new ArrayList<>();
    for (Path p : dir) {
      names.add(p.getFileName().toString());
    }
    names.sort(ContextEntry.PATH_ORDER);
    for (String name : names) {
      visit(dir, rel.isEmpty() ? name : rel + "/" + name, parentMatches, pending, visitor);
    }
  }

  /** Lists {@code rel} (a child of {@code parentDir}) and, for a directory, what is below it. */
  private void visit(
      SecureDirectoryStream<Path> parentDir,
      String rel,
      IgnoreMatcher.ParentMatches parentMatches,
      Deque<Pending> pending,
      Visitor visitor)
      throws IOException {
    Path absolute = root().resolve(rel);
    FileStat stat;
    try {
      stat = FileStat.of(absolute);
    } catch (NoSuchFileException e) {
      return; // removed while we walk
    } catch (IOException e) {
      throw failure("cannot stat " + rel + " in the build context", e);
    }
    IgnoreMatcher.Match m = match(rel, parentMatches);
    if (m.excluded() && (stat.type() != EntryType.DIR || prunes(rel))) {
      return;
    }
    ContextEntry entry = toEntry(rel, stat, absolute);
    if (!m.excluded()) {
      flush(pending, visitor);
      visitor.accept(entry, stat);
    }
    if (entry.type() != EntryType.DIR) {
      return;
    }
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    SecureDirectoryStream<Path> child;
    try {
      child = parentDir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | AccessDeniedException e) {
      if (m.excluded()) {
        return; // an excluded directory is only searched for exceptions: unreadable is fine
      }
      throw failure("cannot read directory " + rel + " in the build context", e);
    } catch (IOException e) {
      throw failure("cannot read directory " + rel + " in the build context", e);
    }
    try (child) {
      if (m.excluded()) {
        pending.addLast(new Pending(entry, stat));
      }
      walkDirectory(child, rel, m.parentMatches(), pending, visitor);
    } finally {
      if (m.excluded()) {
        pending.removeLast();
      }
    }
  }

  private static void flush(Deque<Pending> pending, Visitor visitor) {
    for (Pending p : pending) {
      if (!p.listed) {
        p.listed = true;
        visitor.accept(p.entry, p.stat);
      }
    }
  }

  /** An excluded directory being searched; listed once something below it is visible. */
  private static final class Pending {
    final ContextEntry entry;
    final FileStat stat;
    boolean listed;

    Pending(ContextEntry entry, FileStat stat) {
      this.entry = entry;
      this.stat = stat;
    }
  }

  private IgnoreMatcher.Match match(String rel, IgnoreMatcher.ParentMatches parentMatches) {
    try {
      return matcher.matchesUsingParentResults(rel, parentMatches);
    } catch (IgnorePatternException e) {
      if (patternSource == null) {
        throw e;
      }
      int index = patternSource.patterns().indexOf(e.pattern());
      throw e.at(
          patternSource.source() + (index < 0 ? "" : ":" + patternSource.lines().get(index)));
    }
  }

  /** Whether an excluded directory can be skipped whole (fsutil's rule, see the class doc). */
  private boolean prunes(String dir) {
    if (!matcher.hasExceptions()) {
      return true;
    }
    if (!prefixOnlyExceptions) {
      return false;
    }
    String dirSlash = dir + "/";
    return exceptionPrefixes.stream().noneMatch(p -> p.startsWith(dirSlash));
  }

  private static String withoutTrailingGlob(String pattern) {
    String p = pattern;
    if (p.endsWith("/**")) {
      p = p.substring(0, p.length() - 3);
    }
    if (p.endsWith("/*")) {
      p = p.substring(0, p.length() - 2);
    }
    return p;
  }

  private static ContextEntry toEntry(String rel, FileStat stat, Path absolute) throws IOException {
    String target = null;
    if (stat.type() == EntryType.SYMLINK) {
      try {
        target = Files.readSymbolicLink(absolute).toString();
      } catch (IOException e) {
        throw failure("cannot read symbolic link " + rel + " in the build context", e);
      }
    }
    long seconds = Math.floorDiv(stat.mtimeNanos(), 1_000_000_000L);
    long nanos = Math.floorMod(stat.mtimeNanos(), 1_000_000_000L);
    return new ContextEntry(
        rel,
        stat.type(),
        stat.permissions(),
        stat.uid(),
        stat.gid(),
        stat.size(),
        Instant.ofEpochSecond(seconds, nanos),
        target);
  }

  /**
   * {@code path} as a clean relative path ({@code ""} for the root); a path that climbs out of the
   * context is an error.
   */
  static String relative(String path) {
    String cleaned = SlashPath.clean("/" + path);
    String lexical = SlashPath.clean(path);
    if (lexical.equals("..") || lexical.startsWith("../")) {
      throw new BuildContextException("path " + path + " is outside the build context");
    }
    return cleaned.substring(1);
  }

  private static Path realDirectory(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new BuildContextException("build context directory " + dir + " does not exist", e);
    } catch (IOException e) {
      throw failure("cannot open build context directory " + dir, e);
    }
    if (!Files.isDirectory(real)) {
      throw new BuildContextException("build context " + dir + " is not a directory");
    }
    return real;
  }

  /** A root .dockerignore that is a link is read only if it points inside the context. */
  private static Path confinedTarget(Path root, Path file) {
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(root)) {
        throw new BuildContextException(
            ".dockerignore in " + root + " links outside the build context");
      }
      return real;
    } catch (IOException e) {
      throw failure("cannot read ignore file .dockerignore", e);
    }
  }

  static BuildContextException failure(String what, IOException e) {
    return new BuildContextException(what + ": " + IgnoreFile.reason(e), e);
  }
}
