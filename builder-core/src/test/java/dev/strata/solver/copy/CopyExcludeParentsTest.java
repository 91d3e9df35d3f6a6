package dev.strata.solver.copy;

import static dev.strata.solver.copy.CopyFixture.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY --exclude and --parents, with the cases of the Dockerfile reference and BuildKit's tests.
 */
class CopyExcludeParentsTest {
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

  /** The context of BuildKit's testExcludedFilesOnCopy. */
  private void buildKitContext() {
    f.file("dir1/file-101.png", "2");
    f.file("dir1/file-102.txt", "3");
    f.file("dir1/file-103.jpeg", "4");
    f.file("dir2/file-201.pdf", "6");
    f.file("dir2/file-202.jpeg", "7");
    f.file("dir2/file-203.png", "8");
    f.file("dir3/file-301.mp3", "9");
    f.file("dir3/file-302.mpeg", "10");
  }

  @Test
  void excludesApplyToPathsBelowEachCopiedDirectory() {
    buildKitContext();
    f.run(f.copy(".").exclude("*/*.png", "*/*.jpeg").destination("/1"));
    assertThat(files("1"))
        .containsExactly(
            "dir1/file-102.txt", "dir2/file-201.pdf", "dir3/file-301.mp3", "dir3/file-302.mpeg");
    f.run(f.add("dir3/").exclude("*.mp3").destination("/3/"));
    assertThat(files("3")).containsExactly("file-302.mpeg");
    f.run(f.copy("dir*").exclude("*.mp3", "*.jpeg", "*.png", "*.pdf", "*.txt").destination("/4/"));
    assertThat(files("4")).containsExactly("file-302.mpeg");
  }

  @Test
  void excludingEverythingStillCreatesTheDestination() {
    buildKitContext();
    f.run(f.add("dir*").exclude("*").destination("/6"));
    assertThat(files("6")).isEmpty();
    assertThat(Files.isDirectory(f.out("6"))).isTrue();
  }

  @Test
  void excludesDropAFileTheSourceNamesAsTheReferenceSays() {
    f.file("home.txt", "t");
    f.file("homework.md", "m");
    f.file("homepage.html", "h");
    f.run(f.copy("hom*").exclude("*.txt").destination("/mydir/"));
    assertThat(files("mydir")).containsExactly("homepage.html", "homework.md");
    f.run(f.copy("hom*").exclude("*.txt", "*.md").destination("/two/"));
    assertThat(files("two")).containsExactly("homepage.html");
  }

  @Test
  void anExcludedDirectoryHidesItsContentsButExceptionsReincludeThem() {
    f.file("app/main.py", "m");
    f.file("app/tests/t1.py", "1");
    f.file("app/tests/data/keep.json", "k");
    f.run(f.copy("app").exclude("tests", "!tests/data").destination("/a/"));
    assertThat(files("a")).containsExactly("main.py", "tests/data/keep.json");
  }

  @Test
  void anInvalidExcludePatternIsAnError() {
    f.file("a", "a");
    assertThatThrownBy(() -> f.run(f.copy("a").exclude("[").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("invalid --exclude pattern");
  }

  @Test
  void parentsKeepTheSourcePaths() {
    f.file("x/a.txt", "xa");
    f.file("y/a.txt", "ya");
    f.run(f.copy("./x/a.txt", "./y/a.txt").destination("/no_parents/"));
    assertThat(files("no_parents")).containsExactly("a.txt");
    f.run(f.copy("./x/a.txt", "./y/a.txt").parents(true).destination("/parents/"));
    assertThat(files("parents")).containsExactly("x/a.txt", "y/a.txt");
    assertThat(f.read("parents/y/a.txt")).isEqualTo("ya");
  }

  @Test
  void aDotSlashPivotLimitsTheKeptParents() {
    f.file("x/y/a.txt", "a");
    f.file("x/y/b.txt", "b");
    f.file("x/y/c.md", "c");
    f.run(f.copy("./x/./y/*.txt").parents(true).destination("/parents/"));
    assertThat(files("parents")).containsExactly("y/a.txt", "y/b.txt");
  }

  @Test
  void doubleStarMatchesAnyDepth() {
    f.file("src/a.txt", "a");
    f.file("src/x/b.txt", "b");
    f.file("src/x/y/c.txt", "c");
    f.file("src/x/y/d.bin", "d");
    f.run(f.copy("./src/**/*.txt").parents(true).destination("/parents/"));
    assertThat(files("parents")).containsExactly("src/a.txt", "src/x/b.txt", "src/x/y/c.txt");
  }

  @Test
  void parentDirectoriesAreCreatedWithTheirSourceModes() {
    f.file("deep/er/file", "f");
    CopyFixture.setMode(f.ctx.resolve("deep"), 0700);
    CopyFixture.setMode(f.ctx.resolve("deep/er"), 0750);
    f.run(f.copy("deep/er/file").parents(true).destination("/p/"));
    assertThat(mode(f.out("p/deep"))).isEqualTo(0700);
    assertThat(mode(f.out("p/deep/er"))).isEqualTo(0750);
  }

  @Test
  void parentsLeaveExistingDirectoriesAlone() {
    f.file("etc/app.conf", "c");
    CopyFixture.setMode(f.ctx.resolve("etc"), 0700);
    f.rootDir("etc");
    CopyFixture.setMode(f.out("etc"), 0755);
    f.run(f.copy("etc/app.conf").parents(true).destination("/"));
    assertThat(f.read("etc/app.conf")).isEqualTo("c");
    assertThat(mode(f.out("etc"))).isEqualTo(0755);
  }

  @Test
  void parentsOfAWholeDirectoryKeepItsName() {
    f.file("pkg/mod/a.go", "a");
    f.run(f.copy("pkg/mod").parents(true).destination("/src/"));
    assertThat(files("src")).containsExactly("pkg/mod/a.go");
  }

  @Test
  void parentsWithAMissingPlainPathFail() {
    assertThatThrownBy(() -> f.run(f.copy("x/none.txt").parents(true).destination("/p/")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("/x/none.txt not found");
  }

  @Test
  void parentsAndExcludesCombine() {
    f.file("src/a.txt", "a");
    f.file("src/b.log", "b");
    f.run(f.copy("src").parents(true).exclude("**/*.log").destination("/p/"));
    assertThat(files("p")).containsExactly("src/a.txt");
  }

  /** Regular files below {@code dir} of the rootfs, relative, sorted. */
  private List<String> files(String dir) {
    Path root = f.out(dir);
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
