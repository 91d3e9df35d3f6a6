package dev.strata.context;

import dev.strata.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity of a selection of context entries, as a COPY or ADD cache key needs it: a sha256
 * over, for each entry in {@link ContextEntry#PATH_ORDER}, its path, type, mode, and its content
 * digest (files) or link target (links), plus its uid and gid only when ownership counts (a {@code
 * --chown} copy does not keep the context's owners, so they must not change its key). Times, sizes
 * and inode numbers never count.
 *
 * <p>The encoding starts with a version tag, whether owners count and the entry count; every field
 * is preceded by its length, so two different selections never encode to the same bytes.
 */
public final class TreeDigest {
  private static final byte[] VERSION = "strata.context.tree.v1".getBytes(StandardCharsets.UTF_8);

  private TreeDigest() {}

  /**
   * The digest of {@code entries}.
   *
   * @param contentDigests the content digest of every regular file among the entries, by path
   * @param withOwners whether uid and gid are part of the identity
   * @throws IllegalArgumentException when a path repeats or a file has no content digest
   */
  public static Digest of(
      List<ContextEntry> entries, Map<String, Digest> contentDigests, boolean withOwners) {
    List<ContextEntry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> ContextEntry.PATH_ORDER.compare(a.path(), b.path()));
    MessageDigest md = Digest.newSha256();
    field(md, VERSION);
    field(md, new byte[] {(byte) (withOwners ? 1 : 0)});
    field(md, ByteBuffer.allocate(8).putLong(sorted.size()).array());
    String previous = null;
    for (ContextEntry e : sorted) {
      if (e.path().equals(previous)) {
        throw new IllegalArgumentException("path selected twice: " + e.path());
      }
      previous = e.path();
      field(md, e.path().getBytes(StandardCharsets.UTF_8));
      field(md, e.type().name().getBytes(StandardCharsets.UTF_8));
      field(md, ByteBuffer.allocate(4).putInt(e.mode()).array());
      field(md, content(e, contentDigests).getBytes(StandardCharsets.UTF_8));
      if (withOwners) {
        field(md, ByteBuffer.allocate(8).putInt(e.uid()).putInt(e.gid()).array());
      }
    }
    return Digest.of(md);
  }

  /** The digest of {@code entries} whose file contents are in {@code hashes}. */
  public static Digest of(List<ContextEntry> entries, HashResult hashes, boolean withOwners) {
    return of(entries, hashes.digests(), withOwners);
  }

  private static String content(ContextEntry e, Map<String, Digest> contentDigests) {
    switch (e.type()) {
      case FILE:
        Digest d = contentDigests.get(e.path());
        if (d == null) {
          throw new IllegalArgumentException("no content digest for file " + e.path());
        }
        return d.toString();
      case SYMLINK:
        return e.linkTarget();
      default:
        return "";
    }
  }

  private static void field(MessageDigest md, byte[] value) {
    md.update(ByteBuffer.allocate(4).putInt(value.length).array());
    md.update(value);
  }
}
