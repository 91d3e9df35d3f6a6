package dev.strata.solver.copy;

import dev.strata.Digest;
import java.util.List;

/**
 * Exactly what a COPY or ADD copies, for its cache key: one digest over every selected entry (path,
 * type, mode, content digest or link target, and owners when the copy keeps them; never times or
 * inode numbers), and the entries themselves so that a miss can name what changed.
 *
 * @param digest the identity of the selection, stable across machines and runs
 * @param entries every selected entry in the order it is written
 */
public record SourceInputs(Digest digest, List<Entry> entries) {
  public SourceInputs {
    entries = List.copyOf(entries);
  }

  /**
   * One selected entry.
   *
   * @param source the source word that selected it ({@code <<NAME} for a heredoc, the URL for a
   *     download)
   * @param path its path as it lands below the destination: the selected name, then the path below
   *     it for a directory's contents
   * @param type file, dir, symlink, fifo, char, block, or archive (ADD extracts it)
   * @param mode permission bits with setuid, setgid and sticky
   * @param content the sha256 of a file's content, a link's target, a device's numbers, or empty
   * @param owner "uid:gid" when the copy keeps the source's owners, else empty
   */
  public record Entry(
      String source, String path, String type, int mode, String content, String owner) {}
}
