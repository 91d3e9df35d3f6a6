package dev.strata.solver.copy;

import dev.strata.Digest;
import dev.strata.context.ContextEntry;
import dev.strata.context.EntryType;
import dev.strata.context.TreeDigest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Digests a copy's selections for its cache key. Each tree selection's entries go through {@link
 * TreeDigest} (paths relative to the selected name, owners only when the copy keeps them, which is
 * a {@code COPY --from} without {@code --chown}); heredocs count by name and content; downloads by
 * URL, file name, content digest and Last-Modified time (the {@code --checksum} alone when given,
 * without downloading). The encoding is versioned and every field is length-prefixed, so that two
 * different selections never encode alike.
 */
final class SourceDigest {
  private static final byte[] VERSION = bytes("strata.copy.sources.v1");

  private SourceDigest() {}

  /** The inputs of {@code selections}; {@code remote} fetches what has no checksum. */
  static SourceInputs of(List<Selection> selections, CopyRequest request, RemoteFiles remote) {
    boolean keepOwners = request.chown().isEmpty();
    Map<SourceTree, Map<String, Digest>> contents = contentDigests(selections);
    MessageDigest md = Digest.newSha256();
    field(md, VERSION);
    field(md, number(selections.size()));
    List<SourceInputs.Entry> entries = new ArrayList<>();
    for (Selection s : selections) {
      if (s instanceof Selection.Tree t) {
        tree(md, t, keepOwners && t.tree().keepsOwners(), contents.get(t.tree()), entries);
      } else if (s instanceof Selection.Inline i) {
        Digest d = Digest.sha256(i.file().content());
        field(md, bytes("inline"));
        field(md, bytes(i.file().name()));
        field(md, bytes(d.toString()));
        entries.add(
            new SourceInputs.Entry(s.spec(), i.file().name(), "file", 0644, d.toString(), ""));
      } else {
        Selection.Remote r = (Selection.Remote) s;
        field(md, bytes("remote"));
        field(md, bytes(r.url()));
        field(md, bytes(r.fileName()));
        field(md, new byte[] {(byte) (r.unpack() ? 1 : 0)});
        String content;
        if (request.checksum().isPresent()) {
          content = RemoteFiles.parseChecksum(request.checksum().get()).toString();
          field(md, bytes(content));
          field(md, bytes(""));
        } else {
          RemoteFiles.Fetched f = remote.fetch(r.url(), request.checksum());
          content = f.digest().toString();
          field(md, bytes(content));
          field(md, bytes(f.modified().toString()));
        }
        entries.add(new SourceInputs.Entry(s.spec(), r.fileName(), "file", 0600, content, ""));
      }
    }
    return new SourceInputs(Digest.of(md), entries);
  }

  private static void tree(
      MessageDigest md,
      Selection.Tree t,
      boolean withOwners,
      Map<String, Digest> contents,
      List<SourceInputs.Entry> out) {
    field(md, bytes("tree"));
    field(md, bytes(t.spec()));
    field(md, bytes(t.name()));
    field(md, new byte[] {(byte) (t.root().isDirectory() ? 1 : 0), (byte) (t.unpack() ? 1 : 0)});
    field(md, new byte[] {(byte) (t.includePatterns() ? 1 : 0), (byte) (withOwners ? 1 : 0)});
    List<ContextEntry> entries = new ArrayList<>();
    Map<String, Digest> byPath = new HashMap<>();
    StringBuilder special = new StringBuilder();
    StringBuilder holders = new StringBuilder();
    if (!t.root().isDirectory()) {
      add(t.name(), t.root(), contents, entries, byPath, special);
      out.add(entry(t.spec(), t.name(), t.root(), contents, withOwners, t.unpack()));
    }
    for (Selection.Item i : t.items()) {
      add(i.rel(), i.entry(), contents, entries, byPath, special);
      if (!i.included()) {
        holders.append(i.rel()).append('\0');
      }
      out.add(entry(t.spec(), t.name() + "/" + i.rel(), i.entry(), contents, withOwners, false));
    }
    field(md, bytes(TreeDigest.of(entries, byPath, withOwners).toString()));
    field(md, bytes(special.toString()));
    field(md, bytes(holders.toString()));
  }

  private static void add(
      String path,
      SourceEntry e,
      Map<String, Digest> contents,
      List<ContextEntry> entries,
      Map<String, Digest> byPath,
      StringBuilder special) {
    EntryType type =
        switch (e.kind()) {
          case FILE -> EntryType.FILE;
          case DIR -> EntryType.DIR;
          case SYMLINK -> EntryType.SYMLINK;
          default -> EntryType.OTHER;
        };
    entries.add(
        new ContextEntry(
            path, type, e.mode(), e.uid(), e.gid(), e.size(), e.mtime(), e.linkTarget()));
    if (type == EntryType.FILE) {
      byPath.put(path, contents.get(e.path()));
    } else if (type == EntryType.OTHER) {
      special.append(path).append('\0').append(e.kind()).append('\0').append(e.rdev()).append('\0');
    }
  }

  private static SourceInputs.Entry entry(
      String spec,
      String path,
      SourceEntry e,
      Map<String, Digest> contents,
      boolean withOwners,
      boolean unpack) {
    String type =
        unpack
            ? "archive"
            : switch (e.kind()) {
              case FILE -> "file";
              case DIR -> "dir";
              case SYMLINK -> "symlink";
              case FIFO -> "fifo";
              case CHAR_DEVICE -> "char";
              case BLOCK_DEVICE -> "block";
              case SOCKET -> "socket";
            };
    String content =
        switch (e.kind()) {
          case FILE -> contents.get(e.path()).toString();
          case SYMLINK -> e.linkTarget();
          case CHAR_DEVICE, BLOCK_DEVICE -> e.rdev() == 0 ? "" : Long.toString(e.rdev());
          default -> "";
        };
    return new SourceInputs.Entry(
        spec, path, type, e.mode(), content, withOwners ? e.uid() + ":" + e.gid() : "");
  }

  /** Content digests of every selected regular file, one batch per tree. */
  private static Map<SourceTree, Map<String, Digest>> contentDigests(List<Selection> selections) {
    Map<SourceTree, Set<String>> files = new HashMap<>();
    for (Selection s : selections) {
      if (s instanceof Selection.Tree t) {
        Set<String> paths = files.computeIfAbsent(t.tree(), k -> new LinkedHashSet<>());
        if (t.root().kind() == SourceEntry.Kind.FILE) {
          paths.add(t.root().path());
        }
        for (Selection.Item i : t.items()) {
          if (i.entry().kind() == SourceEntry.Kind.FILE) {
            paths.add(i.entry().path());
          }
        }
      }
    }
    Map<SourceTree, Map<String, Digest>> out = new HashMap<>();
    files.forEach((tree, paths) -> out.put(tree, tree.digests(paths)));
    return out;
  }

  private static byte[] number(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void field(MessageDigest md, byte[] value) {
    md.update(ByteBuffer.allocate(4).putInt(value.length).array());
    md.update(value);
  }
}
