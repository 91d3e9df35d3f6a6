package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy that may take earlier files: it links (or moves) exactly the files the earlier tree holds
 * as the copy would write them, copies everything else, and writes the same tree as a copy without
 * one. The target is the rootfs itself here, as overlay's upper directory is in directories a copy
 * made.
 */
class CopyTakeTest {
  private static final Instant T = Instant.parse("2024-03-01T10:00:00.123456789Z");

  @TempDir Path tmp;
  private CopyFixture f;
  private Path earlier;

  @BeforeEach
  void setUp() throws IOException {
    // A copy sets the source's owners only as root, so only then may it take a file.
    assertThat(Syscalls.isRoot()).as("these tests run as root, as builds do").isTrue();
    f = new CopyFixture(tmp);
    for (String name : new String[] {"src/a.txt", "src/b.txt", "src/sub/c.bin", "src/top.txt"}) {
      CopyFixture.setMtime(f.file(name, "content of " + name), T);
    }
    earlier = copyInto("earlier", Optional.empty());
  }

  /** A copy of src/ to /app/ in a fresh rootfs {@code name}. */
  private Path copyInto(String name, Optional<EarlierFiles> from) throws IOException {
    Path root = Files.createDirectories(tmp.resolve(name)).toRealPath();
    new FileCopier().copy(f.copy("src/").destination("/app/").build(), root, from);
    return root;
  }

  private CopyResult copyLinking(CopyRequest.Builder request) {
    return f.copier.copy(
        request.build(),
        f.rootfs,
        Optional.of(new EarlierFiles(earlier, f.rootfs, EarlierFiles.Take.LINK)));
  }

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
  }

  private boolean linked(String rel) throws IOException {
    return inode(f.out(rel)).equals(inode(earlier.resolve(rel)));
  }

  /** The tree below {@code root}/app, less /app itself, which gets the time it was made. */
  private static Map<String, String> app(Path root) {
    Map<String, String> out = new TreeMap<>(TreeSnapshot.of(root.resolve("app")).entries());
    out.remove("");
    return out;
  }

  @Test
  void filesTheEarlierFilesHoldsAsTheyWouldBeWrittenAreLinkedAndTheRestCopied() throws IOException {
    CopyFixture.setMtime(
        f.file("src/b.txt", "CONTENT of src/b.txt"), T); // same size and time, new bytes
    CopyFixture.setMtime(f.ctx.resolve("src/sub/c.bin"), T.plusNanos(1));
    f.file("src/new.txt", "new");
    Map<String, String> before = app(earlier);

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    assertThat(linked("app/a.txt")).isTrue();
    assertThat(linked("app/top.txt")).isTrue();
    assertThat(linked("app/b.txt")).isFalse();
    assertThat(linked("app/sub/c.bin")).isFalse();
    assertThat(r.counts().taken()).isEqualTo(2);
    assertThat(r.counts().files()).isEqualTo(5);
    assertThat(app(f.rootfs)).isEqualTo(app(copyInto("plain", Optional.empty())));
    assertThat(app(earlier)).isEqualTo(before);
  }

  @Test
  void aDifferentModeOwnerOrExtendedAttributeIsCopied() throws IOException {
    CopyFixture.setMode(f.ctx.resolve("src/a.txt"), 0600);
    Syscalls.lsetxattr(
        f.ctx.resolve("src/top.txt"), "user.note", "x".getBytes(StandardCharsets.UTF_8));

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    assertThat(linked("app/a.txt")).isFalse();
    assertThat(linked("app/top.txt")).isFalse();
    assertThat(linked("app/b.txt")).isTrue();
    assertThat(r.counts().taken()).isEqualTo(2);
    assertThat(Syscalls.lgetxattr(f.out("app/top.txt"), "user.note")).containsExactly('x');
    assertThat(app(f.rootfs)).isEqualTo(app(copyInto("plain", Optional.empty())));
  }

  @Test
  void anEarlierFileWithAnAttributeACopyWouldNotSetIsCopied() throws IOException {
    // A copy never takes overlay's attributes from a source; a file that has one is not its file.
    Syscalls.lsetxattr(
        earlier.resolve("app/a.txt"), "user.overlay.origin", "y".getBytes(StandardCharsets.UTF_8));

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    assertThat(linked("app/a.txt")).isFalse();
    assertThat(Syscalls.llistxattr(f.out("app/a.txt"))).isEmpty();
    assertThat(r.counts().taken()).isEqualTo(3);
  }

  @Test
  void chownAndChmodMustMatchTheEarlierFilesToo() throws IOException {
    CopyResult owned = copyLinking(f.copy("src/").destination("/app/").chown("1000:1000"));
    assertThat(owned.counts().taken()).isZero();
    assertThat(CopyFixture.uid(f.out("app/a.txt"))).isEqualTo(1000);

    Path other = Files.createDirectories(tmp.resolve("chmod")).toRealPath();
    CopyResult chmodded =
        f.copier.copy(
            f.copy("src/").destination("/app/").chmod("0640").build(),
            other,
            Optional.of(new EarlierFiles(earlier, other, EarlierFiles.Take.LINK)));
    assertThat(chmodded.counts().taken()).isZero();
    assertThat(CopyFixture.mode(other.resolve("app/a.txt"))).isEqualTo(0640);
  }

  @Test
  void aSymbolicLinkOnTheWayInTheEarlierFilesIsNeverFollowed() throws IOException {
    // The earlier layer's app/sub leads to a directory outside it holding the same file.
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.copy(earlier.resolve("app/sub/c.bin"), outside.resolve("c.bin"));
    CopyFixture.setMtime(outside.resolve("c.bin"), T);
    dev.strata.fs.TreeDeletion.delete(earlier.resolve("app/sub"));
    Files.createSymbolicLink(earlier.resolve("app/sub"), outside);

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    assertThat(inode(f.out("app/sub/c.bin"))).isNotEqualTo(inode(outside.resolve("c.bin")));
    assertThat(r.counts().taken()).isEqualTo(3);
    assertThat(app(f.rootfs)).isEqualTo(app(copyInto("plain", Optional.empty())));
  }

  @Test
  void oneEarlierFileIsLinkedToOnePathOnly() throws IOException {
    // In the earlier layer a.txt and b.txt are one file; the sources are two equal files.
    CopyFixture.setMtime(f.file("src/b.txt", "content of src/a.txt"), T);
    Files.delete(earlier.resolve("app/b.txt"));
    Files.createLink(earlier.resolve("app/b.txt"), earlier.resolve("app/a.txt"));

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    assertThat(inode(f.out("app/a.txt"))).isNotEqualTo(inode(f.out("app/b.txt")));
    assertThat(r.counts().taken()).isEqualTo(3);
    assertThat(f.read("app/b.txt")).isEqualTo("content of src/a.txt");
  }

  @Test
  void movedFilesLeaveTheEarlierTreeAndTheRestStaysThere() throws IOException {
    CopyFixture.setMtime(f.file("src/b.txt", "CONTENT of src/b.txt"), T);
    Object a = inode(earlier.resolve("app/a.txt"));

    CopyResult r =
        f.copier.copy(
            f.copy("src/").destination("/app/").build(),
            f.rootfs,
            Optional.of(new EarlierFiles(earlier, f.rootfs, EarlierFiles.Take.MOVE)));

    assertThat(inode(f.out("app/a.txt"))).isEqualTo(a);
    assertThat(earlier.resolve("app/a.txt")).doesNotExist();
    assertThat(earlier.resolve("app/b.txt")).hasContent("content of src/b.txt");
    assertThat(r.counts().taken()).isEqualTo(3);
    assertThat(app(f.rootfs)).isEqualTo(app(copyInto("plain", Optional.empty())));
  }

  @Test
  void aSecondSourceIntoTheSameNewDirectoryReplacesWhatTheFirstWrote() throws IOException {
    // Both sources have x.txt; the second copy merges into the directory the first one made.
    CopyFixture.setMtime(f.file("one/x.txt", "from one"), T);
    CopyFixture.setMtime(f.file("two/x.txt", "from two"), T);
    // The earlier tree holds the first source's x.txt: taken for the first, never again for the
    // second, which must replace it as a copy would.
    Path before = Files.createDirectories(tmp.resolve("before")).toRealPath();
    f.copier.copy(f.copy("one/").destination("/new/").build(), before);
    Path plain = Files.createDirectories(tmp.resolve("plain")).toRealPath();
    f.copier.copy(f.copy("one/", "two/").destination("/new/").build(), plain);

    CopyResult r =
        f.copier.copy(
            f.copy("one/", "two/").destination("/new/").build(),
            f.rootfs,
            Optional.of(new EarlierFiles(before, f.rootfs, EarlierFiles.Take.MOVE)));

    assertThat(r.counts().taken()).isEqualTo(1);
    assertThat(f.read("new/x.txt")).isEqualTo("from two");
    assertThat(TreeSnapshot.of(f.rootfs.resolve("new")).entries().get("x.txt"))
        .isEqualTo(TreeSnapshot.of(plain.resolve("new")).entries().get("x.txt"));
  }

  @Test
  void nothingIsLinkedIntoADirectoryTheCopyDidNotMake() throws IOException {
    f.rootDir("app");

    CopyResult r = copyLinking(f.copy("src/").destination("/app/"));

    // Below app/sub, which the copy made, linking goes on.
    assertThat(linked("app/a.txt")).isFalse();
    assertThat(linked("app/sub/c.bin")).isTrue();
    assertThat(r.counts().taken()).isEqualTo(1);
  }
}
