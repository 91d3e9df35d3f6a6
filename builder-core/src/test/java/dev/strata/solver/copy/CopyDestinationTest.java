package dev.strata.solver.copy;

import static dev.strata.solver.copy.CopyFixture.mode;
import static dev.strata.solver.copy.CopyFixture.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where COPY writes: trailing slashes, WORKDIR, existing directories, several sources. */
class CopyDestinationTest {
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
  void fileToDestinationWithoutSlashBecomesThatFile() {
    f.file("test.txt", "hello");
    f.run(f.copy("test.txt").destination("/abs"));
    assertThat(Files.isRegularFile(f.out("abs"))).isTrue();
    assertThat(f.read("abs")).isEqualTo("hello");
  }

  @Test
  void fileToDestinationWithSlashGoesInsideANewDirectory() {
    f.file("test.txt", "hello");
    CopyResult r = f.run(f.copy("test.txt").destination("/abs/"));
    assertThat(f.read("abs/test.txt")).isEqualTo("hello");
    assertThat(r.targets()).containsExactly("/abs/test.txt");
  }

  @Test
  void fileToExistingDirectoryWithoutSlashGoesInside() {
    f.file("test.txt", "hello");
    f.rootDir("existing");
    f.run(f.copy("test.txt").destination("/existing"));
    assertThat(f.read("existing/test.txt")).isEqualTo("hello");
  }

  @Test
  void relativeDestinationIsJoinedToTheWorkdir() {
    f.file("test.txt", "hello");
    f.run(f.copy("test.txt").destination("rel/").workdir("/usr/src/app"));
    assertThat(f.read("usr/src/app/rel/test.txt")).isEqualTo("hello");
  }

  @Test
  void dotDestinationIsTheWorkdirAsADirectory() {
    f.file("a", "1");
    f.file("b", "2");
    f.run(f.copy("a", "b").destination(".").workdir("/app"));
    assertThat(f.read("app/a")).isEqualTo("1");
    assertThat(f.read("app/b")).isEqualTo("2");
  }

  @Test
  void missingParentsAreCreated0755AndRootOwned() {
    f.file("x", "1");
    f.run(f.copy("x").destination("/a/b/c/x"));
    for (String d : new String[] {"a", "a/b", "a/b/c"}) {
      assertThat(mode(f.out(d))).as(d).isEqualTo(0755);
      assertThat(uid(f.out(d))).as(d).isZero();
    }
  }

  @Test
  void missingParentsBelongToTheChownOwner() {
    f.file("x", "1");
    f.run(f.copy("x").destination("/a/b/").chown("1000:1001"));
    assertThat(uid(f.out("a"))).isEqualTo(1000);
    assertThat(CopyFixture.gid(f.out("a/b"))).isEqualTo(1001);
    assertThat(mode(f.out("a/b"))).isEqualTo(0755);
  }

  @Test
  void existingParentsKeepTheirOwnerAndMode() {
    f.rootDir("opt");
    CopyFixture.setMode(f.out("opt"), 0700);
    CopyFixture.setOwner(f.out("opt"), 7, 7);
    f.file("x", "1");
    f.run(f.copy("x").destination("/opt/x").chown("1000"));
    assertThat(mode(f.out("opt"))).isEqualTo(0700);
    assertThat(uid(f.out("opt"))).isEqualTo(7);
  }

  @Test
  void severalFilesIntoANewDestinationWithoutSlashAreRefused() {
    f.file("a.txt", "a");
    f.file("b.txt", "b");
    assertThatThrownBy(() -> f.run(f.copy("a.txt", "b.txt").destination("/multi")))
        .isInstanceOf(CopyException.class)
        .hasMessage(
            "When using COPY with more than one source file, the destination must be a directory"
                + " and end with a /");
    assertThat(f.exists("multi")).as("nothing written").isFalse();
  }

  @Test
  void aWildcardMatchingSeveralFilesNeedsADirectoryDestination() {
    f.file("a.txt", "a");
    f.file("b.txt", "b");
    assertThatThrownBy(() -> f.run(f.copy("*.txt").destination("/test.txt")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("the destination must be a directory and end with a /");
    f.run(f.copy("*.txt").destination("/dir/"));
    assertThat(f.read("dir/a.txt")).isEqualTo("a");
    assertThat(f.read("dir/b.txt")).isEqualTo("b");
  }

  @Test
  void aWildcardMatchingOneFileMayNameTheFile() {
    f.file("only.txt", "o");
    f.run(f.copy("*.txt").destination("/renamed"));
    assertThat(f.read("renamed")).isEqualTo("o");
  }

  @Test
  void severalSourcesIntoAnExistingDirectoryWithoutSlashWork() {
    f.file("a", "1");
    f.file("b", "2");
    f.rootDir("dest");
    f.run(f.copy("a", "b").destination("/dest"));
    assertThat(f.read("dest/a")).isEqualTo("1");
    assertThat(f.read("dest/b")).isEqualTo("2");
  }

  /** BuildKit's own test (builder5 of testExcludedFilesOnCopy): directories merge into /5. */
  @Test
  void severalDirectoriesIntoADestinationWithoutSlashMergeAsInBuildKit() {
    f.file("dir1/one", "1");
    f.file("dir2/two", "2");
    f.file("loose", "3");
    f.run(f.copy("dir*", "loose").destination("/5"));
    assertThat(f.read("5/one")).isEqualTo("1");
    assertThat(f.read("5/two")).isEqualTo("2");
    assertThat(f.read("5/loose")).isEqualTo("3");
  }

  @Test
  void aFileOntoADirectoryOfTheSameNameFails() {
    f.file("conf", "x");
    f.rootDir("etc/conf");
    f.rootFile("etc/conf/keep", "k");
    assertThatThrownBy(() -> f.run(f.copy("conf").destination("/etc/")))
        .isInstanceOf(CopyException.class)
        .hasMessage("cannot replace directory /etc/conf with a file");
    f.file("d/conf", "y");
    assertThatThrownBy(() -> f.run(f.copy("d").destination("/etc/")))
        .isInstanceOf(CopyException.class)
        .hasMessage("cannot replace directory /etc/conf with a file");
    assertThat(f.read("etc/conf/keep")).isEqualTo("k");
  }

  @Test
  void directoryOntoAnExistingFileFails() {
    f.file("d/x", "1");
    f.rootFile("target", "file");
    assertThatThrownBy(() -> f.run(f.copy("d").destination("/target")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("cannot copy to non-directory: /target");
    assertThat(f.read("target")).isEqualTo("file");
  }

  @Test
  void anExistingFileAtTheDestinationIsReplaced() {
    f.file("x", "new");
    f.rootFile("etc/x", "old");
    f.run(f.copy("x").destination("/etc/x"));
    assertThat(f.read("etc/x")).isEqualTo("new");
  }

  @Test
  void aPathThroughAFileCannotBeCreated() {
    f.file("x", "1");
    f.rootFile("file", "f");
    assertThatThrownBy(() -> f.run(f.copy("x").destination("/file/sub/x")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("/file is not a directory");
  }

  @Test
  void rootDestinationTakesTheFileByName() {
    f.file("hello", "h");
    f.run(f.copy("hello").destination("/"));
    assertThat(f.read("hello")).isEqualTo("h");
    assertThat(Files.isDirectory(f.rootfs, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
