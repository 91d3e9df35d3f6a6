package dev.strata.context;

import dev.strata.Digest;
import dev.strata.fs.FileVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persisted stat cache of one build context: for each relative path, the {@link FileStat} it
 * had when its content was hashed, and that digest.
 *
 * <p>Every entry validates itself (it is used only while the file's stat is unchanged and the entry
 * is not racy), so entries from different writers can be merged freely. Updates therefore take a
 * lock file ({@code <cache>.lock}, an exclusive {@code fcntl} lock, plus an in-process lock since
 * those locks are per process), re-read the current file, merge this run's entries over it, and
 * replace the file atomically (temporary file in the same directory, fsync, rename, fsync of the
 * directory). Two processes thus never lose each other's entries and never leave a torn file.
 * Readers take no lock: they see the old file or the new one.
 *
 * <p>The file is binary: a magic line, a format version, the entry count, the entries, and a sha256
 * of everything before it. A file that is missing, truncated, corrupt or of another version reads
 * as empty: it is never trusted and never an error.
 */
final class StatCache {
  /** One path's cached digest and the stat it was taken under. */
  record Entry(FileStat stat, Digest digest, boolean racy) {}

  private static final byte[] MAGIC =
      "strata context stat cache\n".getBytes(StandardCharsets.UTF_8);
  private static final int VERSION = 1;
  private static final int MAX_PATH_BYTES = 64 * 1024;
  private static final long MAX_FILE_BYTES = 1L << 30;
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private StatCache() {}

  /** The entries in {@code file}; empty when it is missing or not a complete, intact cache. */
  static Map<String, Entry> load(Path file) {
    Optional<FileVersion> version;
    try {
      version = FileVersion.of(file);
    } catch (IOException e) {
      return new TreeMap<>();
    }
    if (version.isEmpty()) {
      return new TreeMap<>();
    }
    Optional<Map<String, Entry>> read = LAST_READ.get(file, version.get());
    if (read.isPresent()) {
      return new TreeMap<>(read.get());
    }
    byte[] bytes;
    try {
      if (version.get().size() > MAX_FILE_BYTES) {
        return new TreeMap<>();
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return new TreeMap<>();
    }
    Map<String, Entry> entries;
    try {
      entries = decode(bytes);
    } catch (RuntimeException e) {
      return new TreeMap<>(); // corrupt: ignore, everything is hashed again
    }
    remember(file, version.get(), entries);
    return entries;
  }

  /**
   * What this process last read or wrote in a cache file, kept while the file is the same one (a
   * writer always replaces the file, so a new one has a new inode): a build reads its cache several
   * times. A stale answer could only drop another writer's entries, never serve a wrong digest,
   * since every entry is checked against the file it describes.
   */
  private static final FileVersion.Memo<Map<String, Entry>> LAST_READ = new FileVersion.Memo<>();

  private static void remember(Path file, FileVersion version, Map<String, Entry> entries) {
    LAST_READ.put(file, version, Collections.unmodifiableMap(new TreeMap<>(entries)));
  }

  /**
   * Merges {@code fresh} into the cache file and drops {@code gone}, under the lock, and replaces
   * the file atomically.
   */
  static void update(Path file, Map<String, Entry> fresh, Set<String> gone) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(file.getFileName() + ".lock");
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    local.lock();
    try (FileChannel lockChannel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lockChannel.lock(); // released when the channel closes
      Map<String, Entry> merged = load(file);
      merged.keySet().removeAll(gone);
      merged.putAll(fresh);
      replace(file, encode(merged));
      Optional<FileVersion> written = FileVersion.of(file);
      if (written.isPresent()) {
        remember(file, written.get(), merged);
      }
    } finally {
      local.unlock();
    }
  }

  private static void replace(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        out.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems refuse to sync a directory; the rename itself is still atomic.
    }
  }

  static byte[] encode(Map<String, Entry> entries) {
    int size = MAGIC.length + 8;
    Map<String, byte[]> names = new TreeMap<>();
    for (String path : entries.keySet()) {
      byte[] name = path.getBytes(StandardCharsets.UTF_8);
      names.put(path, name);
      size += 4 + name.length + 6 * 8 + 3 * 4 + 32 + 1;
    }
    ByteBuffer buf = ByteBuffer.allocate(size + 32);
    buf.put(MAGIC).putInt(VERSION).putInt(entries.size());
    for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
      byte[] name = names.get(e.getKey());
      FileStat s = e.getValue().stat();
      buf.putInt(name.length).put(name);
      buf.putLong(s.device()).putLong(s.inode()).putInt(s.mode()).putInt(s.uid()).putInt(s.gid());
      buf.putLong(s.size()).putLong(s.mtimeNanos()).putLong(s.ctimeNanos());
      buf.putLong(0L); // reserved
      buf.put(HEX.parseHex(e.getValue().digest().encoded()));
      buf.put((byte) (e.getValue().racy() ? 1 : 0));
    }
    MessageDigest md = Digest.newSha256();
    md.update(buf.array(), 0, buf.position());
    buf.put(md.digest());
    return buf.array();
  }

  private static Map<String, Entry> decode(byte[] bytes) {
    if (bytes.length < MAGIC.length + 8 + 32) {
      throw new IllegalArgumentException("truncated");
    }
    int bodyLength = bytes.length - 32;
    MessageDigest md = Digest.newSha256();
    md.update(bytes, 0, bodyLength);
    if (!MessageDigest.isEqual(md.digest(), Arrays.copyOfRange(bytes, bodyLength, bytes.length))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, bodyLength);
    byte[] magic = new byte[MAGIC.length];
    buf.get(magic);
    if (!Arrays.equals(magic, MAGIC) || buf.getInt() != VERSION) {
      throw new IllegalArgumentException("not a stat cache of this version");
    }
    int count = buf.getInt();
    if (count < 0) {
      throw new IllegalArgumentException("negative count");
    }
    Map<String, Entry> entries = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      int nameLength = buf.getInt();
      if (nameLength <= 0 || nameLength > MAX_PATH_BYTES) {
        throw new IllegalArgumentException("bad path length");
      }
      byte[] name = new byte[nameLength];
      buf.get(name);
      FileStat stat =
          new FileStat(
              buf.getLong(),
              buf.getLong(),
              buf.getInt(),
              buf.getInt(),
              buf.getInt(),
              buf.getLong(),
              buf.getLong(),
              buf.getLong());
      buf.getLong(); // reserved
      byte[] hash = new byte[32];
      buf.get(hash);
      boolean racy = buf.get() != 0;
      entries.put(
          new String(name, StandardCharsets.UTF_8), new Entry(stat, Digest.fromSha256(hash), racy));
    }
    if (buf.hasRemaining()) {
      throw new IllegalArgumentException("trailing bytes");
    }
    return entries;
  }
}
