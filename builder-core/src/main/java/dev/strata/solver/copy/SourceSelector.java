package dev.strata.solver.copy;

import dev.strata.context.IgnoreMatcher;
import dev.strata.context.IgnorePatternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a COPY or ADD copies, reading the source but writing nothing, with BuildKit's rules:
 *
 * <ul>
 *   <li>A source path is cleaned as if absolute, so {@code ../x} is {@code x} and a trailing slash
 *       means nothing; it never leaves the source.
 *   <li>Symbolic links on the way to a source, and the source itself, are followed inside the
 *       source tree (an absolute target starts again at its root); links below a copied directory
 *       are copied as links.
 *   <li>A source with wildcards ({@code * ? [}) is split at its first element that has one; that
 *       element and the rest are matched, as one Go filepath.Match pattern, against the paths below
 *       the part before it, whose directory must exist. A matched directory is not searched
 *       further. A pattern that matches nothing copies nothing, without error.
 *   <li>A directory source stands for its contents.
 *   <li>{@code --exclude} patterns (the .dockerignore syntax) drop entries below each copied
 *       directory, matched against their path relative to it; as the Dockerfile reference says,
 *       they also drop a file chosen by the source itself (BuildKit does not, moby/buildkit#5489).
 *   <li>{@code --parents} turns {@code a/b/c} into a copy of the root (or of the part before a
 *       {@code /./} pivot) restricted to the pattern {@code a/b/c}, so the path is kept;
 *       directories on the way are created with their source metadata.
 * </ul>
 */
final class SourceSelector {
  private static final int MAX_LINKS = 40;

  private final CopyRequest request;
  private final SourceTree tree;
  private final IgnoreMatcher excludes;

  SourceSelector(CopyRequest request, SourceTree tree) {
    this.request = request;
    this.tree = tree;
    this.excludes = request.excludes().isEmpty() ? null : patterns(request.excludes(), "--exclude");
  }

  /** Everything the request copies, in the order it is written. */
  List<Selection> select() {
    List<Selection> out = new ArrayList<>();
    boolean add = request.instruction() == CopyRequest.Instruction.ADD;
    for (String s : request.sources()) {
      if (SourceUrls.isGit(s)) {
        throw new CopyException(
            add
                ? "ADD from a Git repository is not supported: " + SourceUrls.redact(s)
                : "source can't be a git ref for COPY: " + SourceUrls.redact(s));
      }
      if (SourceUrls.isHttp(s)) {
        if (!add) {
          throw new CopyException("source can't be a URL for COPY: " + SourceUrls.redact(s));
        }
        out.add(new Selection.Remote(s, s, SourceUrls.fileName(s), request.unpack().orElse(false)));
        continue;
      }
      selectPath(s, out);
    }
    for (InlineFile f : request.inlineFiles()) {
      out.add(new Selection.Inline("<<" + f.name(), f));
    }
    return out;
  }

  private void selectPath(String spec, List<Selection> out) {
    String src = spec;
    IgnoreMatcher includes = null;
    String required = null;
    if (request.parents()) {
      int pivot = src.indexOf("/./");
      String pattern;
      if (pivot < 0) {
        pattern = src;
        src = "/";
      } else {
        pattern = src.substring(pivot + 3);
        src = src.substring(0, pivot);
      }
      pattern = Destination.clean(pattern).substring(1);
      includes = patterns(List.of(pattern), "--parents");
      if (!GoGlob.hasWildcards(src) && !GoGlob.hasWildcards(pattern)) {
        required = Destination.clean(src + "/" + pattern).substring(1);
      }
    }
    String rel = Destination.clean(src).substring(1);
    if (required != null && lookupFollowed(required).isEmpty()) {
      throw notFound(spec, required);
    }
    for (Match m : matches(spec, rel)) {
      String resolved = follow(m.path(), true);
      Optional<SourceEntry> entry = tree.lookup(resolved);
      if (entry.isEmpty()) {
        throw notFound(spec, m.path());
      }
      SourceEntry root = entry.get();
      String name = Destination.base("/" + m.path());
      if (!root.isDirectory()) {
        if (excludes != null && excludes.matchesOrParentMatches(m.excludePath())) {
          continue;
        }
        out.add(
            new Selection.Tree(spec, name, tree, root, List.of(), includes != null, unpacks(root)));
        continue;
      }
      out.add(
          new Selection.Tree(
              spec, name, tree, root, items(root, includes), includes != null, false));
    }
  }

  /** A path a source word chose, and the path --exclude sees for it. */
  private record Match(String path, String excludePath) {}

  private List<Match> matches(String spec, String rel) {
    String[] parts = rel.isEmpty() ? new String[0] : rel.split("/");
    int first = 0;
    while (first < parts.length && !GoGlob.hasWildcards(parts[first])) {
      first++;
    }
    if (first == parts.length) {
      return List.of(new Match(rel, Destination.base("/" + rel)));
    }
    String base = String.join("/", java.util.Arrays.asList(parts).subList(0, first));
    String patternText =
        String.join("/", java.util.Arrays.asList(parts).subList(first, parts.length));
    GoGlob pattern;
    try {
      pattern = GoGlob.compile(patternText);
    } catch (IllegalArgumentException e) {
      throw new CopyException("invalid wildcard in source " + spec + ": " + e.getMessage());
    }
    String resolvedBase = follow(base, true);
    Optional<SourceEntry> baseEntry = tree.lookup(resolvedBase);
    if (baseEntry.isEmpty()) {
      throw notFound(spec, base.isEmpty() ? "/" : base);
    }
    List<Match> out = new ArrayList<>();
    if (!baseEntry.get().isDirectory()) {
      return out;
    }
    String skipBelow = null;
    List<SourceEntry> entries = tree.walk(resolvedBase);
    for (SourceEntry e : entries.subList(1, entries.size())) {
      String below =
          resolvedBase.isEmpty() ? e.path() : e.path().substring(resolvedBase.length() + 1);
      if (skipBelow != null && below.startsWith(skipBelow)) {
        continue;
      }
      skipBelow = null;
      if (pattern.matches(below)) {
        out.add(new Match(e.path(), below));
        if (e.isDirectory()) {
          skipBelow = below + "/";
        }
      }
    }
    return out;
  }

  /**
   * The entries below directory {@code root} that are copied, with the directories that are there
   * only to hold them marked as not included.
   */
  private List<Selection.Item> items(SourceEntry root, IgnoreMatcher includes) {
    List<SourceEntry> all = tree.walk(root.path());
    Map<String, IgnoreMatcher.ParentMatches> includeState = new HashMap<>();
    Map<String, IgnoreMatcher.ParentMatches> excludeState = new HashMap<>();
    List<Selection.Item> candidates = new ArrayList<>();
    int prefix = root.path().isEmpty() ? 0 : root.path().length() + 1;
    for (SourceEntry e : all.subList(1, all.size())) {
      String rel = e.path().substring(prefix);
      String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
      boolean included = true;
      if (includes != null) {
        IgnoreMatcher.Match m =
            includes.matchesUsingParentResults(
                rel, includeState.getOrDefault(parent, IgnoreMatcher.ParentMatches.NONE));
        included = m.excluded();
        if (e.isDirectory()) {
          includeState.put(rel, m.parentMatches());
        }
      }
      if (excludes != null) {
        IgnoreMatcher.Match m =
            excludes.matchesUsingParentResults(
                rel, excludeState.getOrDefault(parent, IgnoreMatcher.ParentMatches.NONE));
        if (m.excluded()) {
          included = false;
        }
        if (e.isDirectory()) {
          excludeState.put(rel, m.parentMatches());
        }
      }
      if (included || e.isDirectory()) {
        candidates.add(new Selection.Item(rel, e, included));
      }
    }
    if (includes == null && excludes == null) {
      return candidates;
    }
    // A directory that is not copied itself is kept only when something below it is.
    Set<String> holding = new HashSet<>();
    for (Selection.Item i : candidates) {
      if (i.included()) {
        for (String p = parentOf(i.rel()); !p.isEmpty(); p = parentOf(p)) {
          if (!holding.add(p)) {
            break;
          }
        }
      }
    }
    List<Selection.Item> kept = new ArrayList<>();
    for (Selection.Item i : candidates) {
      if (i.included() || holding.contains(i.rel())) {
        kept.add(i);
      }
    }
    return kept;
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  /** Whether ADD extracts this entry: a regular file whose content is a (compressed) tar. */
  private boolean unpacks(SourceEntry e) {
    if (request.instruction() != CopyRequest.Instruction.ADD
        || !request.unpack().orElse(true)
        || e.kind() != SourceEntry.Kind.FILE) {
      return false;
    }
    try (InputStream in = Channels.newInputStream(tree.open(e.path()))) {
      return ArchiveSniffer.isArchive(in);
    } catch (IOException ex) {
      throw new CopyException(
          "cannot read /" + e.path() + " in " + tree.describe() + ": " + ContextTree.reason(ex),
          ex);
    }
  }

  private Optional<SourceEntry> lookupFollowed(String rel) {
    return tree.lookup(follow(rel, true));
  }

  /**
   * {@code rel} with every symbolic link on the way (and the last element too when {@code
   * followLast}) replaced by its target, resolved inside the tree as if chrooted; missing elements
   * are kept as they are.
   */
  String follow(String rel, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>();
    push(todo, rel);
    List<String> done = new ArrayList<>();
    boolean missing = false;
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        missing = false;
        continue;
      }
      String candidate = done.isEmpty() ? c : String.join("/", done) + "/" + c;
      if (missing || (todo.isEmpty() && !followLast)) {
        done.add(c);
        continue;
      }
      Optional<SourceEntry> e = tree.lookup(candidate);
      if (e.isPresent() && e.get().kind() == SourceEntry.Kind.SYMLINK) {
        if (++links > MAX_LINKS) {
          throw new CopyException(
              "too many levels of symbolic links resolving /" + rel + " in " + tree.describe());
        }
        String target = e.get().linkTarget();
        if (target.startsWith("/")) {
          done.clear();
        }
        push(todo, target);
        continue;
      }
      if (e.isEmpty() || (!e.get().isDirectory() && !todo.isEmpty())) {
        missing = true;
      }
      done.add(c);
    }
    return String.join("/", done);
  }

  private static void push(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty() && !parts[i].equals(".")) {
        todo.addFirst(parts[i]);
      }
    }
  }

  private CopyException notFound(String spec, String path) {
    String where =
        tree instanceof ContextTree
            ? "not found in the build context (or excluded by .dockerignore)"
            : "not found in " + tree.describe();
    String shown = path.startsWith("/") ? path : "/" + path;
    return new CopyException(
        request.instruction() + " source " + spec + ": " + shown + " " + where);
  }

  private static IgnoreMatcher patterns(List<String> patterns, String flag) {
    try {
      return IgnoreMatcher.of(patterns);
    } catch (IgnorePatternException e) {
      throw new CopyException("invalid " + flag + " pattern: " + e.getMessage(), e);
    }
  }
}
