package dev.strata.context;

import dev.strata.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A digest of the metadata of everything a build context shows (after .dockerignore): path, type,
 * device, inode, mode, owner, size, modification and change times in nanoseconds, link target. Two
 * equal snapshots mean no visible file was written, replaced, touched or chmodded in between, so a
 * build that saw the first may stand for the second without reading a file.
 *
 * <p>A snapshot taken while some entry changed within the racy window is refused (empty), as git
 * refuses to trust an index entry written in the same second as the file: a later write in the same
 * timestamp tick could leave every time unchanged.
 */
public final class ContextSnapshot {
  private ContextSnapshot() {}

  /**
   * The snapshot of {@code context} at {@code now}, or empty when an entry's times are within
   * {@code racyWindow} of it.
   */
  public static Optional<Digest> of(BuildContext context, Instant now, Duration racyWindow) {
    long racyFrom = now.minus(racyWindow).getEpochSecond() * 1_000_000_000L + now.getNano();
    MessageDigest md = Digest.newSha256();
    boolean racy = false;
    for (BuildContext.Listed l : context.listing()) {
      ContextEntry e = l.entry();
      FileStat s = l.stat();
      if (s.mtimeNanos() >= racyFrom || s.ctimeNanos() >= racyFrom) {
        racy = true;
      }
      field(md, e.path());
      field(md, e.type().name());
      ByteBuffer b = ByteBuffer.allocate(8 * 6 + 4 * 3);
      b.putLong(s.device()).putLong(s.inode()).putInt(s.mode()).putInt(s.uid()).putInt(s.gid());
      b.putLong(s.size()).putLong(s.mtimeNanos()).putLong(s.ctimeNanos());
      md.update(b.array(), 0, b.position());
      field(md, e.linkTarget() == null ? "" : e.linkTarget());
    }
    return racy ? Optional.empty() : Optional.of(Digest.of(md));
  }

  private static void field(MessageDigest md, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    md.update(bytes);
  }
}
