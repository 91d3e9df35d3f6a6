package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextHasherTest {
  @TempDir Path ctx;
  @TempDir Path store;

  /** A clock an hour ahead: entries hashed now are long settled, so never racy. */
  private static final Clock SETTLED = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

  private Path cache() {
    return store.resolve("cache/context/ctx1");
  }

  private ContextHasher hasher(Clock clock) {
    return new ContextHasher(ctx, cache(), 2, clock, ContextHasher.DEFAULT_RACY_WINDOW);
  }

  private Path write(String rel, String content) throws IOException {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private static Digest sha(String s) {
    return Digest.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private static long ctime(Path p) throws IOException {
    return ((FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
        .to(TimeUnit.NANOSECONDS);
  }

  @Test
  void digestsAreSha256OfFileBytesAndOnlyForRegularFiles() throws IOException {
    write("a.txt", "hello");
    write("dir/b", "");
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("a.txt"));

    HashResult r = hasher(SETTLED).hash(List.of("a.txt", "dir/b", "dir", "link"));

    assertThat(r.digests()).containsOnlyKeys("a.txt", "dir/b");
    assertThat(r.digest("a.txt")).isEqualTo(sha("hello"));
    assertThat(r.digest("dir/b")).isEqualTo(sha(""));
    assertThat(r.filesHashed()).isEqualTo(2);
    assertThat(r.bytesHashed()).isEqualTo(5);
  }

  @Test
  void unchangedRebuildReadsNoFileContents() throws IOException {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      write("src/f" + i, "content " + i);
      files.add("src/f" + i);
    }
    HashResult first = hasher(SETTLED).hash(files);
    assertThat(first.filesHashed()).isEqualTo(50);
    FileTime cacheWritten = Files.getLastModifiedTime(cache());
    Object cacheInode = Files.getAttribute(cache(), "unix:ino");

    HashResult second = hasher(SETTLED).hash(files); // a new hasher, as in a new process

    assertThat(second.filesHashed()).isZero();
    assertThat(second.bytesHashed()).isZero();
    assertThat(second.cacheHits()).isEqualTo(50);
    assertThat(second.digests()).isEqualTo(first.digests());
    assertThat(Files.getLastModifiedTime(cache())).isEqualTo(cacheWritten);
    assertThat(Files.getAttribute(cache(), "unix:ino")).isEqualTo(cacheInode);
  }

  @Test
  void rewriteWithSameSizeAndRestoredMtimeIsSeenThroughCtime() throws Exception {
    Path f = write("app.cfg", "aaaa");
    FileTime old = FileTime.from(Instant.parse("2020-05-05T05:05:05Z"));
    Files.setLastModifiedTime(f, old);
    long ctimeBefore = ctime(f);
    Object inode = Files.getAttribute(f, "unix:ino");
    assertThat(hasher(SETTLED).hash(List.of("app.cfg")).digest("app.cfg")).isEqualTo(sha("aaaa"));

    // Rewrite in place until the kernel's (coarse) clock has moved, as `touch -d` users would.
    for (int tries = 0; ctime(f) == ctimeBefore && tries < 500; tries++) {
      Thread.sleep(5);
      Files.writeString(f, "bbbb");
      Files.setLastModifiedTime(f, old);
    }
    assertThat(ctime(f)).isNotEqualTo(ctimeBefore);
    assertThat(Files.size(f)).isEqualTo(4);
    assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);
    assertThat(Files.getAttribute(f, "unix:ino")).isEqualTo(inode);

    HashResult r = hasher(SETTLED).hash(List.of("app.cfg"));
    assertThat(r.digest("app.cfg")).isEqualTo(sha("bbbb"));
    assertThat(r.filesHashed()).isEqualTo(1);
  }

  @Test
  void entryRecordedInTheSameTickAsTheWriteIsRacyAndHashedAgain() throws IOException {
    Path f = write("x", "data");
    // The run "starts" at the file's own ctime: a same-size write in this tick could go unseen.
    Clock sameTick = Clock.fixed(Instant.EPOCH.plusNanos(ctime(f)), ZoneOffset.UTC);

    assertThat(hasher(sameTick).hash(List.of("x")).filesHashed()).isEqualTo(1);
    HashResult again = hasher(sameTick).hash(List.of("x"));
    assertThat(again.filesHashed()).isEqualTo(1);
    assertThat(again.cacheHits()).isZero();

    // Once hashed well after the write, the entry is trusted.
    assertThat(hasher(SETTLED).hash(List.of("x")).filesHashed()).isEqualTo(1);
    assertThat(hasher(SETTLED).hash(List.of("x")).filesHashed()).isZero();
  }

  @Test
  void sameSizeRewriteRightAfterHashingGivesTheNewDigest() throws IOException {
    Path f = write("x", "aaaa");
    FileTime mtime = Files.getLastModifiedTime(f);
    ContextHasher hasher = new ContextHasher(ctx, cache());
    assertThat(hasher.hash(List.of("x")).digest("x")).isEqualTo(sha("aaaa"));

    Files.writeString(f, "bbbb");
    Files.setLastModifiedTime(f, mtime);

    assertThat(hasher.hash(List.of("x")).digest("x")).isEqualTo(sha("bbbb"));
  }

  @Test
  void resultsDoNotDependOnParallelism() throws IOException {
    Random random = new Random(42);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] content = new byte[random.nextInt(20_000)];
      random.nextBytes(content);
      Path p = ctx.resolve("d" + (i % 7) + "/f" + i);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      files.add("d" + (i % 7) + "/f" + i);
    }
    HashResult one = new ContextHasher(ctx, null, 1, SETTLED, Duration.ZERO).hash(files);
    HashResult many = new ContextHasher(ctx, null, 5, SETTLED, Duration.ZERO).hash(files);

    assertThat(many.digests()).isEqualTo(one.digests());
    assertThat(List.copyOf(many.digests().keySet()))
        .isEqualTo(List.copyOf(one.digests().keySet()))
        .isSortedAccordingTo(ContextEntry.PATH_ORDER);
    assertThat(many.bytesHashed()).isEqualTo(one.bytesHashed());
    for (String file : files) {
      assertThat(one.digest(file)).isEqualTo(Digest.sha256(Files.readAllBytes(ctx.resolve(file))));
    }
  }

  @Test
  void corruptOrTruncatedCacheIsIgnoredAndRewritten() throws IOException {
    List<String> files = List.of("a", "b", "c");
    for (String f : files) {
      write(f, f.repeat(10));
    }
    hasher(SETTLED).hash(files);
    byte[] good = Files.readAllBytes(cache());

    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 1;
    List<byte[]> damaged =
        List.of(
            java.util.Arrays.copyOf(good, good.length / 2),
            flipped,
            new byte[0],
            "not a cache".getBytes(StandardCharsets.UTF_8));
    for (byte[] bad : damaged) {
      Files.write(cache(), bad);
      HashResult r = hasher(SETTLED).hash(files);
      assertThat(r.filesHashed()).isEqualTo(3);
      assertThat(r.digest("b")).isEqualTo(sha("b".repeat(10)));
      assertThat(hasher(SETTLED).hash(files).filesHashed()).isZero();
    }
  }

  @Test
  void cacheWritesLeaveNoTemporaryFiles() throws IOException {
    write("a", "1");
    new ContextHasher(ctx, cache()).hash(List.of("a"));
    new ContextHasher(ctx, cache()).hash(List.of("a"));
    try (Stream<Path> s = Files.list(cache().getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ctx1", "ctx1.lock");
    }
  }

  @Test
  void aCacheFileReplacedByAnotherWriterIsReadAgain() throws IOException {
    write("a", "1");
    write("b", "2");
    hasher(SETTLED).hash(List.of("a"));
    assertThat(StatCache.load(cache())).containsOnlyKeys("a");
    // Another process writes its cache and renames it over this one.
    Path other = cache().resolveSibling("other");
    new ContextHasher(ctx, other).hash(List.of("a", "b"));
    Files.move(other, cache(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(StatCache.load(cache())).containsOnlyKeys("a", "b");
  }

  @Test
  void hashingASubtreeDropsEntriesOfDeletedFiles() throws IOException {
    write("src/a", "a");
    write("src/b", "b");
    write("top", "t");
    BuildContext context = BuildContext.open(ctx);
    assertThat(hasher(SETTLED).hash(context, "").digests())
        .containsOnlyKeys("src/a", "src/b", "top");

    Files.delete(ctx.resolve("src/b"));
    HashResult r = hasher(SETTLED).hash(context, "src");

    assertThat(r.digests()).containsOnlyKeys("src/a");
    assertThat(r.cacheHits()).isEqualTo(1);
    assertThat(StatCache.load(cache())).containsOnlyKeys("src/a", "top");
  }

  @Test
  void subtreeHashingHonoursTheIgnoreFile() throws IOException {
    write(".dockerignore", "**/*.log\n");
    write("src/a.go", "package a");
    write("src/debug.log", "noise");
    HashResult r = hasher(SETTLED).hash(BuildContext.open(ctx), "src");
    assertThat(r.digests()).containsOnlyKeys("src/a.go");
  }

  @Test
  void missingFileIsAnErrorNamingIt() {
    assertThatThrownBy(() -> hasher(SETTLED).hash(List.of("no/such")))
        .isInstanceOf(BuildContextException.class)
        .hasMessage("no/such does not exist in the build context");
  }

  @Test
  void pathBelowARegularFileIsAnErrorNamingIt() throws IOException {
    write("file", "x");
    assertThatThrownBy(() -> hasher(SETTLED).hash(List.of("file/x")))
        .isInstanceOf(BuildContextException.class)
        .hasMessageStartingWith("cannot stat file/x in the build context: ");
  }

  @Test
  void fileBehindALinkedDirectoryIsNotRead(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "s3cr3t");
    Files.createSymbolicLink(ctx.resolve("out"), outside);
    assertThatThrownBy(() -> hasher(SETTLED).hash(List.of("out/secret")))
        .isInstanceOf(BuildContextException.class)
        .hasMessageStartingWith("cannot read out/secret in the build context");
  }

  @Test
  void pathsOutsideTheContextAreRejected() {
    assertThatThrownBy(() -> hasher(SETTLED).hash(List.of("../etc/passwd")))
        .isInstanceOf(BuildContextException.class)
        .hasMessageContaining("outside the build context");
  }

  @Test
  void twoProcessesUpdatingOneCacheKeepEveryEntry() throws Exception {
    List<String> mine = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      write("mine/" + i, "m" + i);
      write("theirs/" + i, "t" + i);
      mine.add("mine/" + i);
      theirs.add("theirs/" + i);
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            StatCacheContender.class.getName(),
            ctx.toString(),
            cache().toString(),
            "40"));
    command.addAll(theirs);
    Process other = new ProcessBuilder(command).redirectErrorStream(true).start();

    // Fresh files stay racy, so every run here rewrites the cache too.
    ContextHasher hasher = new ContextHasher(ctx, cache());
    while (other.isAlive()) {
      hasher.hash(mine);
    }
    String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(other.waitFor()).as(output).isZero();
    hasher.hash(mine);

    Map<String, StatCache.Entry> entries = StatCache.load(cache());
    assertThat(entries.keySet()).containsAll(mine).containsAll(theirs).hasSize(40);
    IntStream.range(0, 20)
        .forEach(i -> assertThat(entries.get("theirs/" + i).digest()).isEqualTo(sha("t" + i)));
  }
}
