package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
  @TempDir Path ctx;

  private Path write(String rel, String content) throws IOException {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private Path mkdir(String rel) throws IOException {
    return Files.createDirectories(ctx.resolve(rel));
  }

  private static List<String> paths(List<ContextEntry> entries) {
    return entries.stream().map(ContextEntry::path).toList();
  }

  private List<String> walk() {
    return paths(BuildContext.open(ctx).walk());
  }

  @Test
  void subtreesAnsweredFromTheListingMatchAWalkOfTheDisk() throws IOException {
    write("src/a/one.txt", "1");
    write("src/a-b/two.txt", "2");
    write("src/b/skip.log", "x");
    write("src/b/keep/k.txt", "k");
    write("build/out.bin", "o");
    write("build/keep.txt", "kept");
    write("top.txt", "t");
    mkdir("empty");
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("src"));
    Files.writeString(ctx.resolve(".dockerignore"), "build\n!build/keep.txt\n**/*.log\n");
    List<String> subtrees =
        List.of(
            "",
            "src",
            "src/a",
            "src/a-b",
            "src/b",
            "src/b/keep",
            "src/b/skip.log",
            "build",
            "build/out.bin",
            "build/keep.txt",
            "top.txt",
            "empty",
            "missing",
            "src/missing/x",
            "link",
            "top.txt/x");
    BuildContext listed = BuildContext.open(ctx);
    listed.walk();
    for (String subtree : subtrees) {
      BuildContext fresh = BuildContext.open(ctx);
      assertThat(outcome(() -> paths(listed.list(subtree))))
          .as(subtree)
          .isEqualTo(outcome(() -> paths(fresh.list(subtree))));
      assertThat(outcome(() -> listed.entry(subtree)))
          .as(subtree)
          .isEqualTo(outcome(() -> fresh.entry(subtree)));
    }
  }

  /** What {@code call} gives, or the message it fails with. */
  private static Object outcome(java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } catch (BuildContextException e) {
      return e.getMessage();
    }
  }

  @Test
  void theContextIsListedOnceAndLaterWalksSeeThatListing() throws IOException {
    write("a.txt", "a");
    BuildContext context = BuildContext.open(ctx);
    assertThat(paths(context.walk())).containsExactly("a.txt");
    write("b.txt", "b");
    // A build sees one consistent listing, taken when it first looked.
    assertThat(paths(context.walk())).containsExactly("a.txt");
    assertThat(paths(context.list(""))).containsExactly("a.txt");
    assertThat(paths(BuildContext.open(ctx).walk())).containsExactly("a.txt", "b.txt");
  }

  @Test
  void aLargeDirectoryIsListedInOrderWithItsIgnoresLinksAndSubdirectories() throws IOException {
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String name = String.format("big/f%03d.%s", i, i % 3 == 0 ? "log" : "txt");
      write(name, "content " + i);
      if (i % 3 != 0) {
        expected.add(name);
      }
    }
    write("big/sub/inner.txt", "inner");
    Files.createSymbolicLink(ctx.resolve("big/zlink"), Path.of("/etc/passwd"));
    Files.writeString(ctx.resolve(".dockerignore"), "**/*.log\n");
    expected.add("big/sub");
    expected.add("big/sub/inner.txt");
    expected.add("big/zlink");
    expected.sort(ContextEntry.PATH_ORDER);
    expected.add(0, "big");
    expected.add(0, ".dockerignore");
    List<ContextEntry> walked = BuildContext.open(ctx).walk();
    assertThat(paths(walked)).isEqualTo(expected);
    ContextEntry f1 =
        walked.stream().filter(e -> e.path().equals("big/f001.txt")).findFirst().get();
    assertThat(f1.size()).isEqualTo("content 1".length());
    assertThat(f1.type()).isEqualTo(EntryType.FILE);
    ContextEntry link = walked.stream().filter(e -> e.path().equals("big/zlink")).findFirst().get();
    assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
  }

  @Test
  void walksDepthFirstWithNamesInCodePointOrder() throws IOException {
    write("a/b", "");
    write("a-c", "");
    write("B", "");
    write("a/a/x", "");
    assertThat(walk()).containsExactly("B", "a", "a/a", "a/a/x", "a/b", "a-c");
  }

  @Test
  void entriesCarryTypeModeOwnerSizeAndTime() throws IOException {
    Path file = write("bin/tool", "12345");
    Files.setAttribute(file, "unix:uid", 1234);
    Files.setAttribute(file, "unix:gid", 5678);
    Files.setAttribute(file, "unix:mode", 04755); // after chown, which clears setuid
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z")));
    Path dir = ctx.resolve("bin");
    Files.setAttribute(dir, "unix:mode", 01777);

    List<ContextEntry> entries = BuildContext.open(ctx).walk();

    assertThat(entries.get(0))
        .extracting(ContextEntry::path, ContextEntry::type, ContextEntry::mode)
        .containsExactly("bin", EntryType.DIR, 01777);
    ContextEntry tool = entries.get(1);
    assertThat(tool.path()).isEqualTo("bin/tool");
    assertThat(tool.type()).isEqualTo(EntryType.FILE);
    assertThat(tool.mode()).isEqualTo(04755);
    assertThat(tool.uid()).isEqualTo(1234);
    assertThat(tool.gid()).isEqualTo(5678);
    assertThat(tool.size()).isEqualTo(5);
    assertThat(tool.modified()).isEqualTo(Instant.parse("2020-01-02T03:04:05.123456789Z"));
    assertThat(tool.linkTarget()).isNull();
  }

  @Test
  void symlinksAreReportedAndNeverFollowed(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(ctx.resolve("out-file"), outside.resolve("secret"));
    Files.createSymbolicLink(ctx.resolve("out-dir"), outside);
    Files.createSymbolicLink(ctx.resolve("dangling"), Path.of("../../nowhere"));

    List<ContextEntry> entries = BuildContext.open(ctx).walk();

    assertThat(paths(entries)).containsExactly("dangling", "out-dir", "out-file");
    assertThat(entries).allMatch(e -> e.type() == EntryType.SYMLINK);
    assertThat(entries.get(0).linkTarget()).isEqualTo("../../nowhere");
    assertThat(entries.get(1).linkTarget()).isEqualTo(outside.toString());
  }

  @Test
  void fifoIsOther() throws Exception {
    Process p = new ProcessBuilder("mkfifo", ctx.resolve("pipe").toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThat(BuildContext.open(ctx).walk())
        .singleElement()
        .extracting(ContextEntry::type)
        .isEqualTo(EntryType.OTHER);
  }

  @Test
  void excludedFilesAndDirectoriesAreLeftOut() throws IOException {
    write(".dockerignore", "*.log\nbuild/\n");
    write("a.log", "");
    write("b.txt", "");
    write("build/out.bin", "");
    write("src/c.log", "");
    assertThat(walk()).containsExactly(".dockerignore", "b.txt", "src", "src/c.log");
  }

  @Test
  void exceptionReincludesAFileAndItsExcludedParents() throws IOException {
    write(".dockerignore", "build\n!build/keep/this.txt\n");
    write("build/other", "");
    write("build/keep/this.txt", "");
    write("build/keep/not.txt", "");
    assertThat(walk())
        .containsExactly(".dockerignore", "build", "build/keep", "build/keep/this.txt");
  }

  @Test
  void wildcardExceptionSearchesExcludedDirectories() throws IOException {
    write(".dockerignore", "node_modules\n!**/*.keep\n");
    write("node_modules/a/x.keep", "");
    write("node_modules/a/y.js", "");
    write("node_modules/b/z.js", "");
    assertThat(walk())
        .containsExactly(
            ".dockerignore", "node_modules", "node_modules/a", "node_modules/a/x.keep");
  }

  @Test
  void excludedDirectoryWithoutVisibleContentIsNotListed() throws IOException {
    write(".dockerignore", "*\n!**/*.keep\n");
    write("empty/dir/file.js", "");
    write("x.keep", "");
    assertThat(walk()).containsExactly("x.keep");
  }

  @Test
  void dockerfileAndIgnoreFileAreSubjectToThePatterns() throws IOException {
    write(".dockerignore", "Dockerfile\n.dockerignore\n");
    write("Dockerfile", "FROM scratch\n");
    write("app", "");
    BuildContext c = BuildContext.open(ctx, ctx.resolve("Dockerfile"));
    assertThat(paths(c.walk())).containsExactly("app");
    assertThat(c.ignoreFile()).contains(ctx.resolve(".dockerignore"));
  }

  @Test
  void dockerfileSpecificIgnoreFileWinsOverTheRootOne() throws IOException {
    write(".dockerignore", "a\n");
    write("build/app.Dockerfile", "FROM scratch\n");
    write("build/app.Dockerfile.dockerignore", "b\n");
    write("a", "");
    write("b", "");
    BuildContext c = BuildContext.open(ctx, ctx.resolve("build/app.Dockerfile"));
    assertThat(c.ignoreFile()).contains(ctx.resolve("build/app.Dockerfile.dockerignore"));
    assertThat(paths(c.walk())).contains("a").doesNotContain("b");
  }

  @Test
  void rootIgnoreFileIsUsedWhenTheDockerfileHasNone() throws IOException {
    write(".dockerignore", "a\n");
    write("build/app.Dockerfile", "FROM scratch\n");
    write("a", "");
    BuildContext c = BuildContext.open(ctx, ctx.resolve("build/app.Dockerfile"));
    assertThat(c.ignoreFile()).contains(ctx.resolve(".dockerignore"));
    assertThat(paths(c.walk())).doesNotContain("a");
  }

  @Test
  void badPatternNamesTheIgnoreFileAndLine() throws IOException {
    write(".dockerignore", "ok\n\n[\n");
    assertThatThrownBy(() -> BuildContext.open(ctx))
        .isInstanceOf(IgnorePatternException.class)
        .hasMessage(
            ".dockerignore:3: invalid .dockerignore pattern \"[\": syntax error in pattern");
  }

  @Test
  void patternThatFailsWhenMatchedNamesTheIgnoreFile() throws IOException {
    write(".dockerignore", "[z-a]\n");
    write("x", "");
    BuildContext c = BuildContext.open(ctx);
    assertThatThrownBy(c::walk)
        .isInstanceOf(IgnorePatternException.class)
        .hasMessageStartingWith(".dockerignore:1: invalid .dockerignore pattern \"[z-a]\"");
  }

  @Test
  void listsASubtreeWithTheSameRules() throws IOException {
    write(".dockerignore", "src/gen\n!src/gen/keep.go\n**/*.tmp\n*.top\n");
    write("src/a.go", "");
    write("src/b.tmp", "");
    write("src/gen/keep.go", "");
    write("src/gen/drop.go", "");
    write("other", "");
    write("src/c.top", "");
    BuildContext c = BuildContext.open(ctx);
    // "*.top" is anchored at the root, like every pattern without "**".
    assertThat(paths(c.list("src")))
        .containsExactly("src", "src/a.go", "src/c.top", "src/gen", "src/gen/keep.go");
    assertThat(paths(c.list("./src/gen/"))).containsExactly("src/gen", "src/gen/keep.go");
    assertThat(paths(c.list("/src/a.go"))).containsExactly("src/a.go");
    assertThat(c.list("src/b.tmp")).isEmpty();
    assertThat(c.list("missing/x")).isEmpty();
    assertThat(paths(c.list(""))).isEqualTo(paths(c.walk()));
  }

  @Test
  void testsVisibilityWithoutTouchingTheDisk() throws IOException {
    write(".dockerignore", "docs\n!docs/README.md\nsecret\n");
    BuildContext c = BuildContext.open(ctx);
    assertThat(c.isExcluded("docs")).isTrue();
    assertThat(c.isExcluded("docs/README.md")).isFalse();
    assertThat(c.isExcluded("docs/other.md")).isTrue();
    assertThat(c.isExcluded("secret/deep/file")).isTrue();
    assertThat(c.isExcluded("never/created")).isFalse();
  }

  @Test
  void entryFindsVisiblePathsIncludingParentsOfExceptions() throws IOException {
    write(".dockerignore", "docs\n!docs/README.md\n");
    write("docs/README.md", "r");
    write("docs/other.md", "o");
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("docs"));
    BuildContext c = BuildContext.open(ctx);
    assertThat(c.entry("docs")).get().extracting(ContextEntry::type).isEqualTo(EntryType.DIR);
    assertThat(c.entry("docs/README.md")).get().extracting(ContextEntry::size).isEqualTo(1L);
    assertThat(c.entry("docs/other.md")).isEmpty();
    assertThat(c.entry("link")).get().extracting(ContextEntry::linkTarget).isEqualTo("docs");
    assertThat(c.entry("nope")).isEmpty();
  }

  @Test
  void aSubtreeReachedThroughALinkIsAnError(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("f"), "x");
    Files.createSymbolicLink(ctx.resolve("link"), outside);
    BuildContext c = BuildContext.open(ctx);
    assertThatThrownBy(() -> c.list("link/f"))
        .isInstanceOf(BuildContextException.class)
        .hasMessageContaining("link/f");
  }

  @Test
  void subtreeBelowARegularFileIsAnErrorNamingBoth() throws IOException {
    write("file", "x");
    BuildContext c = BuildContext.open(ctx);
    assertThatThrownBy(() -> c.list("file/x"))
        .isInstanceOf(BuildContextException.class)
        .hasMessage("cannot list file/x in the build context: file is not a directory");
  }

  @Test
  void pathsOutsideTheContextAreRejected() {
    BuildContext c = BuildContext.open(ctx);
    assertThatThrownBy(() -> c.list("../x"))
        .isInstanceOf(BuildContextException.class)
        .hasMessage("path ../x is outside the build context");
    assertThat(c.isExcluded("..x")).isFalse();
  }

  @Test
  void missingContextIsAnErrorNamingIt() {
    Path missing = ctx.resolve("nope");
    assertThatThrownBy(() -> BuildContext.open(missing))
        .isInstanceOf(BuildContextException.class)
        .hasMessage("build context directory " + missing + " does not exist");
  }

  @Test
  void contextGivenThroughALinkIsWalkedAtItsTarget(@TempDir Path other) throws IOException {
    write("f", "");
    Path link = other.resolve("ctx-link");
    Files.createSymbolicLink(link, ctx);
    BuildContext c = BuildContext.open(link);
    assertThat(c.root()).isEqualTo(ctx.toRealPath());
    assertThat(paths(c.walk())).containsExactly("f");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
