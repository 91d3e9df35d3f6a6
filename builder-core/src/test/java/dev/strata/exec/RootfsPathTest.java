package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathTest {
  @TempDir Path root;

  @Test
  void absoluteSymlinkTargetsStayInsideTheRoot() throws IOException {
    Files.createDirectories(root.resolve("real/etc"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/real/etc"));
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
    RootfsPath.Resolved r = RootfsPath.resolve(RootfsPath.of(root), "/escape/hosts");
    assertThat(r.path()).isEqualTo("/real/etc/hosts");
    assertThat(r.exists()).isFalse();
    assertThat(RootfsPath.resolve(RootfsPath.of(root), "/escape").attributes().isDirectory())
        .isTrue();
  }

  @Test
  void dotDotStopsAtTheRoot() throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../tmp"));
    assertThat(RootfsPath.resolve(RootfsPath.of(root), "/a/up/x").path()).isEqualTo("/tmp/x");
    assertThat(RootfsPath.resolve(RootfsPath.of(root), "/../../a").path()).isEqualTo("/a");
  }

  @Test
  void symlinkLoopsFail() throws IOException {
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    assertThatThrownBy(() -> RootfsPath.resolve(RootfsPath.of(root), "/loop/x"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void pathThroughAFileIsNotADirectory() throws IOException {
    Files.writeString(root.resolve("file"), "x");
    assertThatThrownBy(() -> RootfsPath.resolve(RootfsPath.of(root), "/file/x"))
        .isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void unknownPartsOfTheViewAreReportedAsSuch() throws IOException {
    RootfsPath.View view = p -> p.startsWith("/proc") ? null : RootfsPath.host(root, p);
    RootfsPath.Resolved r = RootfsPath.resolve(view, "/proc/self/../x");
    assertThat(r.unknown()).isTrue();
    assertThat(r.exists()).isFalse();
  }

  @Property
  void cleanIsAbsoluteCanonicalAndIdempotent(
      @ForAll @StringLength(max = 40) @Chars({'a', 'b', '/', '.'}) String path) {
    String clean = RootfsPath.clean(path);
    assertThat(clean).startsWith("/").doesNotContain("//");
    assertThat(("/" + clean + "/").split("/")).doesNotContain(".", "..");
    assertThat(RootfsPath.clean(clean)).isEqualTo(clean);
    assertThat(clean.equals("/") || !clean.endsWith("/")).isTrue();
  }
}
