package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.fs.Syscalls;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What COPY reads: directories, wildcards, links, .dockerignore, paths that try to leave. */
class CopySourcesTest {
  @TempDir Path tmp;
  CopyFixture f;

  @BeforeEach
  void setUp() {
    f = new CopyFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void aDirectoryCopiesItsContentsNotItself() {
    f.file("src/a.py", "a");
    f.file("src/pkg/b.py", "b");
    f.run(f.copy("src").destination("/app"));
    assertThat(f.read("app/a.py")).isEqualTo("a");
    assertThat(f.read("app/pkg/b.py")).isEqualTo("b");
    assertThat(f.exists("app/src")).isFalse();
  }

  @Test
  void aTrailingSlashOnTheSourceMeansNothing() {
    f.file("src/a", "a");
    f.run(f.copy("src/").destination("/x/"));
    assertThat(f.read("x/a")).isEqualTo("a");
  }

  @Test
  void theWholeContextIsDot() {
    f.file("a", "a");
    f.file("d/b", "b");
    f.run(f.copy(".").destination("/ctx/"));
    assertThat(f.read("ctx/a")).isEqualTo("a");
    assertThat(f.read("ctx/d/b")).isEqualTo("b");
  }

  @Test
  void aMissingSourceFailsNamingIt() {
    assertThatThrownBy(() -> f.run(f.copy("nope.txt").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessage(
            "COPY source nope.txt: /nope.txt not found in the build context (or excluded by"
                + " .dockerignore)");
  }

  @Test
  void parentDirectoriesInTheSourceAreRemovedNotFollowed() {
    Path outside = tmp.resolve("secret");
    CopyFixture.write(outside, "x", "outside");
    f.file("x", "inside");
    f.run(f.copy("../secret/../x").destination("/got"));
    assertThat(f.read("got")).isEqualTo("inside");
    assertThatThrownBy(() -> f.run(f.copy("../secret/x").destination("/got2")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("/secret/x not found");
  }

  @Test
  void wildcardsMatchWithGoSemantics() {
    f.file("index.js", "js");
    f.file("index.ts", "ts");
    f.file("index.css", "css");
    f.file("arr[0].txt", "arr");
    f.run(f.copy("index.?s", "arr[[]0].txt").destination("/dest/"));
    assertThat(names("dest")).containsExactly("arr[0].txt", "index.js", "index.ts");
  }

  @Test
  void aWildcardDoesNotCrossASlashButMayHaveSeveralElements() {
    f.file("a/x.txt", "ax");
    f.file("b/x.txt", "bx");
    f.file("b/deeper/x.txt", "deep");
    f.file("top.txt", "t");
    f.run(f.copy("*.txt").destination("/one/"));
    assertThat(names("one")).containsExactly("top.txt");
    f.run(f.copy("*/x.txt").destination("/two/"));
    // both match and are named x.txt: the later one wins, in walk order
    assertThat(f.read("two/x.txt")).isEqualTo("bx");
  }

  @Test
  void aWildcardMatchingADirectoryCopiesItsContents() {
    f.file("dir1/file-101.png", "2");
    f.file("dir2/file-201.pdf", "6");
    f.run(f.copy("dir*").destination("/4/"));
    assertThat(names("4")).containsExactly("file-101.png", "file-201.pdf");
  }

  @Test
  void aWildcardMatchingNothingCopiesNothingWithoutError() {
    f.file("present", "p");
    CopyResult r = f.run(f.copy("nomatch*").destination("/dest/"));
    assertThat(r.targets()).isEmpty();
    assertThat(f.exists("dest")).isFalse();
    f.run(f.copy("nomatch*", "present").destination("/dest/"));
    assertThat(names("dest")).containsExactly("present");
  }

  @Test
  void aWildcardInAMissingDirectoryFails() {
    assertThatThrownBy(() -> f.run(f.copy("folder/b/*").destination("/home/admin/")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("/folder/b not found");
  }

  @Test
  void aMalformedWildcardIsAnError() {
    f.file("a", "a");
    assertThatThrownBy(() -> f.run(f.copy("a[").destination("/x/")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("invalid wildcard in source a[");
  }

  @Test
  void symlinksInsideACopiedDirectoryAreCopiedAsLinks() throws Exception {
    f.file("d/target", "t");
    f.link("d/rel", "target");
    f.link("d/abs", "/etc/passwd");
    f.link("d/dangling", "../../nowhere");
    f.run(f.copy("d").destination("/out/"));
    assertThat(Syscalls.readlink(f.out("out/rel"))).isEqualTo("target");
    assertThat(Syscalls.readlink(f.out("out/abs"))).isEqualTo("/etc/passwd");
    assertThat(Syscalls.readlink(f.out("out/dangling"))).isEqualTo("../../nowhere");
  }

  @Test
  void aSourceThatIsALinkIsFollowedInsideTheContextAndKeepsItsName() {
    f.file("real/config.yml", "cfg");
    f.link("current", "real");
    f.link("cfg.yml", "real/config.yml");
    f.run(f.copy("cfg.yml").destination("/etc/"));
    assertThat(Files.isSymbolicLink(f.out("etc/cfg.yml"))).isFalse();
    assertThat(f.read("etc/cfg.yml")).isEqualTo("cfg");
    f.run(f.copy("current").destination("/cur"));
    assertThat(f.read("cur/config.yml")).isEqualTo("cfg");
  }

  @Test
  void aSourceLinkPointingOutsideTheContextIsResolvedInsideIt() {
    CopyFixture.write(tmp, "outside.txt", "host secret");
    f.link("escape", "../outside.txt");
    f.link("absolute", tmp.resolve("outside.txt").toString());
    assertThatThrownBy(() -> f.run(f.copy("escape").destination("/e")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("not found in the build context");
    assertThatThrownBy(() -> f.run(f.copy("absolute").destination("/a")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("not found in the build context");
    // ../outside.txt from the context root is /outside.txt of the context
    f.file("outside.txt", "context copy");
    f.run(f.copy("escape").destination("/e"));
    assertThat(f.read("e")).isEqualTo("context copy");
  }

  @Test
  void aLinkOnTheWayToASourceIsFollowedInsideTheContext() {
    f.file("v2/app.py", "v2");
    f.link("latest", "/v2");
    f.run(f.copy("latest/app.py").destination("/app.py"));
    assertThat(f.read("app.py")).isEqualTo("v2");
  }

  @Test
  void dockerignoredFilesAreInvisible() throws Exception {
    f.file(".dockerignore", "secret.txt\nlogs\n!logs/keep.log\n");
    f.file("secret.txt", "s");
    f.file("app.txt", "a");
    f.file("logs/debug.log", "d");
    f.file("logs/keep.log", "k");
    assertThatThrownBy(() -> f.run(f.copy("secret.txt").destination("/s")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("excluded by .dockerignore");
    f.run(f.copy(".").destination("/ctx/"));
    assertThat(f.exists("ctx/secret.txt")).isFalse();
    assertThat(f.exists("ctx/logs/debug.log")).isFalse();
    assertThat(f.read("ctx/logs/keep.log")).isEqualTo("k");
    assertThat(f.read("ctx/app.txt")).isEqualTo("a");
    f.run(f.copy("*.txt").destination("/w/"));
    assertThat(names("w")).containsExactly("app.txt");
  }

  @Test
  void aLinkToAnIgnoredFileLeadsNowhere() {
    f.file(".dockerignore", "hidden\n");
    f.file("hidden", "h");
    f.link("alias", "hidden");
    assertThatThrownBy(() -> f.run(f.copy("alias").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void hardLinkedFilesStayLinked() throws Exception {
    Path a = f.file("d/a", "same");
    Files.createLink(f.ctx.resolve("d/b"), a);
    f.run(f.copy("d").destination("/out/"));
    Object inoA = Files.getAttribute(f.out("out/a"), "unix:ino");
    Object inoB = Files.getAttribute(f.out("out/b"), "unix:ino");
    assertThat(inoA).isEqualTo(inoB);
    assertThat(Files.getAttribute(f.out("out/a"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void specialFilesAreRecreated() throws Exception {
    f.dir("dev");
    Syscalls.mkfifo(f.ctx.resolve("dev/fifo"), 0640);
    Syscalls.mknodChar(f.ctx.resolve("dev/null"), 0666, 1, 3);
    f.run(f.copy("dev").destination("/dev/"));
    int fifo =
        (Integer) Files.getAttribute(f.out("dev/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    assertThat(fifo & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFIFO);
    assertThat(fifo & 07777).isEqualTo(0640);
    long rdev =
        (Long) Files.getAttribute(f.out("dev/null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat(Syscalls.major(rdev)).isEqualTo(1);
    assertThat(Syscalls.minor(rdev)).isEqualTo(3);
  }

  @Test
  void heredocsBecomeFilesNamedAfterThem() {
    f.run(f.copy().inline("greeting.txt", "hello world\n").destination("/etc/"));
    assertThat(f.read("etc/greeting.txt")).isEqualTo("hello world\n");
    assertThat(CopyFixture.mode(f.out("etc/greeting.txt"))).isEqualTo(0644);
    f.run(f.copy().inline("EOF", "x").destination("/etc/named"));
    assertThat(f.read("etc/named")).isEqualTo("x");
  }

  @Test
  void heredocsComeAfterThePathSources() {
    f.file("conf", "from context");
    f.run(f.copy("conf").inline("conf", "from heredoc").destination("/d/"));
    assertThat(f.read("d/conf")).isEqualTo("from heredoc");
  }

  @Test
  void copyFromAnotherRootfsReadsItAsIfChrooted() throws Exception {
    Path stage = Files.createDirectories(tmp.resolve("stage"));
    CopyFixture.write(stage, "usr/lib/real.so", "lib");
    CopyFixture.symlink(stage, "lib", "/usr/lib");
    CopyFixture.symlink(stage, "escape", "../../../../../etc");
    Path so = stage.resolve("usr/lib/real.so");
    CopyFixture.setOwner(so, 1234, 5678);
    CopyRequest.Builder b =
        CopyRequest.copy(CopySource.rootfs(stage)).sources("/lib/real.so").destination("/out/");
    f.copier.copy(b.build(), f.rootfs);
    assertThat(f.read("out/real.so")).isEqualTo("lib");
    assertThat(CopyFixture.uid(f.out("out/real.so")))
        .as("owners kept from a rootfs")
        .isEqualTo(1234);
    assertThat(CopyFixture.gid(f.out("out/real.so"))).isEqualTo(5678);
    CopyRequest escape =
        CopyRequest.copy(CopySource.rootfs(stage))
            .sources("/escape/passwd")
            .destination("/p")
            .build();
    assertThatThrownBy(() -> f.copier.copy(escape, f.rootfs))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("/escape/passwd not found in the source rootfs");
  }

  @Test
  void aUrlIsNotACopySource() {
    assertThatThrownBy(() -> f.run(f.copy("https://example.com/x").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessage("source can't be a URL for COPY: https://example.com/x");
  }

  private java.util.List<String> names(String dir) {
    try (Stream<Path> s = Files.list(f.out(dir))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
