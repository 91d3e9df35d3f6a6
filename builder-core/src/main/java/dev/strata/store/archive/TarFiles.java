package dev.strata.store.archive;

import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A tar archive read in place: its headers are indexed once and each file is read from its offset
 * when asked for. Links inside the archive (docker's legacy {@code save} links duplicate layers)
 * are followed by name, within the archive only. Names are normalized ({@code ./a} is {@code a});
 * entries whose names climb out with {@code ..} are ignored.
 */
final class TarFiles implements ArchiveFiles {
  private static final int MAX_LINKS = 16;
  private static final int MAX_ENTRIES = 1_000_000;

  private final String describe;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();

  private TarFiles(String describe, TarFile tar) {
    this.describe = describe;
    this.tar = tar;
  }

  /** Indexes the uncompressed tar {@code file}; {@code describe} names it in messages. */
  static TarFiles open(Path file, String describe) throws IOException {
    TarFile tar;
    try {
      tar = new TarFile(file);
    } catch (IOException | RuntimeException e) {
      throw new StrataException(describe + " is not a readable tar archive: " + reason(e), e);
    }
    TarFiles files = new TarFiles(describe, tar);
    try {
      if (tar.getEntries().size() > MAX_ENTRIES) {
        throw new StrataException(describe + " has more than " + MAX_ENTRIES + " entries");
      }
      for (TarArchiveEntry e : tar.getEntries()) {
        String name = normalize(e.getName());
        if (name != null && !name.isEmpty()) {
          files.entries.put(name, e);
        }
      }
      if (files.entries.isEmpty()) {
        throw new StrataException(describe + " is empty or not a tar archive");
      }
      return files;
    } catch (RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\n\\s*", " ");
  }

  /** {@code a/./b/}, {@code ./a/b}, {@code /a/b} are all {@code a/b}; null if it climbs out. */
  static String normalize(String name) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : name.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
        continue;
      }
      parts.addLast(p);
    }
    return String.join("/", parts);
  }

  /** The regular file entry {@code name} leads to, following links; null when there is none. */
  private TarArchiveEntry file(String name) {
    String current = normalize(name);
    for (int hops = 0; current != null && hops <= MAX_LINKS; hops++) {
      TarArchiveEntry e = entries.get(current);
      if (e == null) {
        return null;
      }
      if (e.isSymbolicLink()) {
        String target = e.getLinkName();
        int slash = current.lastIndexOf('/');
        String dir = slash < 0 ? "" : current.substring(0, slash);
        current = target.startsWith("/") ? normalize(target) : normalize(dir + "/" + target);
      } else if (e.isLink()) {
        current = normalize(e.getLinkName());
      } else {
        return e.isFile() ? e : null;
      }
    }
    return null;
  }

  @Override
  public boolean exists(String name) {
    return file(name) != null;
  }

  @Override
  public long size(String name) {
    TarArchiveEntry e = file(name);
    if (e == null) {
      throw missing(name);
    }
    return e.getSize();
  }

  @Override
  public InputStream open(String name) throws IOException {
    TarArchiveEntry e = file(name);
    if (e == null) {
      throw missing(name);
    }
    return tar.getInputStream(e);
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
