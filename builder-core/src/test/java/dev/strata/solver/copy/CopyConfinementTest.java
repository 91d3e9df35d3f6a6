package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.fs.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbolic link in the destination rootfs never sends a write outside it (DESIGN.md invariant 5):
 * paths are resolved as if chrooted, and below the destination links are replaced, not followed.
 * {@code host} stands for the rest of the machine; nothing may appear or change there.
 */
class CopyConfinementTest {
  @TempDir Path tmp;
  CopyFixture f;
  Path host;

  @BeforeEach
  void setUp() {
    f = new CopyFixture(tmp);
    host = CopyFixture.mkdir(tmp, "host");
    CopyFixture.write(host, "etc/passwd", "host passwd");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private TreeSnapshot hostNow() {
    return TreeSnapshot.of(host);
  }

  @Test
  void copyThroughAnImageSymlinkStaysInRootfs() {
    TreeSnapshot before = hostNow();
    f.rootDir("etc");
    f.rootLink("link", "/etc");
    f.file("x", "payload");
    f.run(f.copy("x").destination("/link/"));
    assertThat(f.read("etc/x")).isEqualTo("payload");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void anAbsoluteLinkToAHostPathLandsInsideTheRootfs() {
    TreeSnapshot before = hostNow();
    f.rootLink("hostetc", host.resolve("etc").toString());
    f.file("passwd", "image passwd");
    f.run(f.copy("passwd").destination("/hostetc/"));
    assertThat(f.read(host.resolve("etc").toString().substring(1) + "/passwd"))
        .isEqualTo("image passwd");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void relativeLinksThatClimbStopAtTheRootfsRoot() {
    TreeSnapshot before = hostNow();
    f.rootLink("up", "../../../../../../../../" + host.getFileName());
    f.file("y", "y");
    f.run(f.copy("y").destination("/up/etc/"));
    assertThat(f.read(host.getFileName() + "/etc/y")).isEqualTo("y");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void aDestinationThatIsALinkToAFileReplacesTheLinkedFileInTheRootfs() {
    TreeSnapshot before = hostNow();
    f.rootFile("etc/real.conf", "old");
    f.rootLink("etc/app.conf", "/etc/real.conf");
    f.file("app.conf", "new");
    f.run(f.copy("app.conf").destination("/etc/app.conf"));
    // followed as if chrooted, as BuildKit does: the link's target inside the rootfs is replaced
    assertThat(f.read("etc/real.conf")).isEqualTo("new");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void aLinkInsideTheDestinationDirectoryIsReplacedNotWrittenThrough() throws Exception {
    TreeSnapshot before = hostNow();
    f.rootDir("app");
    f.rootLink("app/config", host.resolve("etc/passwd").toString());
    f.file("src/config", "mine");
    f.run(f.copy("src").destination("/app/"));
    assertThat(Files.isSymbolicLink(f.out("app/config"))).isFalse();
    assertThat(f.read("app/config")).isEqualTo("mine");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void aLinkedDirectoryBelowTheDestinationIsNeverMergedInto() {
    TreeSnapshot before = hostNow();
    f.rootDir("app");
    f.rootLink("app/sub", host.resolve("etc").toString());
    f.file("src/sub/file", "f");
    assertThatThrownBy(() -> f.run(f.copy("src").destination("/app/")))
        .isInstanceOf(CopyException.class)
        .hasMessage("cannot copy to non-directory: /app/sub");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void aDirectoryCopiedToTheRootWritesIntoTheRootfsRoot() {
    String name = "strata-copy-confinement-test";
    f.file("tree/" + name + "/x", "x");
    f.run(f.copy("tree").destination("/"));
    assertThat(f.read(name + "/x")).isEqualTo("x");
    assertThat(Files.exists(Path.of("/" + name))).isFalse();
  }

  @Test
  void aLoopOfLinksIsAnErrorNotAHang() {
    f.rootLink("a", "/b");
    f.rootLink("b", "/a");
    f.file("x", "x");
    assertThatThrownBy(() -> f.run(f.copy("x").destination("/a/x")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void aDanglingDestinationLinkIsResolvedInsideTheRootfs() {
    TreeSnapshot before = hostNow();
    f.rootLink("data", host.resolve("new/dir").toString());
    f.file("x", "x");
    f.run(f.copy("x").destination("/data"));
    assertThat(f.read(host.resolve("new/dir").toString().substring(1))).isEqualTo("x");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void theWorkdirIsResolvedInsideTheRootfsToo() {
    TreeSnapshot before = hostNow();
    f.rootLink("w", host.toString());
    f.file("x", "x");
    f.run(f.copy("x").destination("rel/").workdir("/w"));
    assertThat(f.read(host.toString().substring(1) + "/rel/x")).isEqualTo("x");
    assertThat(hostNow()).isEqualTo(before);
  }

  @Test
  void archivesExtractInsideTheDestinationEvenThroughTheirOwnLinks() throws Exception {
    TreeSnapshot before = hostNow();
    byte[] tar =
        new TarMaker()
            .symlink("etc", host.resolve("etc").toString())
            .file("etc/planted", "p")
            .symlink("up", "../../../../..")
            .file("up/escaped", "e")
            .bytes();
    Files.write(f.ctx.resolve("evil.tar"), tar);
    f.run(f.add("evil.tar").destination("/x/"));
    assertThat(f.read("x" + host.resolve("etc/planted"))).isEqualTo("p");
    assertThat(f.read("x/escaped")).isEqualTo("e");
    assertThat(hostNow()).isEqualTo(before);
    assertThat(Syscalls.readlink(f.out("x/up"))).isEqualTo("../../../../..");
  }
}
