package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {
  @TempDir Path root;

  @Test
  void plainPathsResolveUnderTheRoot() throws IOException {
    assertThat(Rootfs.resolve(root, "etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(Rootfs.resolve(root, "/etc//./passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(Rootfs.resolve(root, "/")).isEqualTo(root);
    assertThat(Rootfs.resolveRelative(root, "")).isEmpty();
  }

  @Test
  void dotDotStopsAtTheRoot() throws IOException {
    assertThat(Rootfs.resolve(root, "../../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(Rootfs.resolve(root, "a/../../b")).isEqualTo(root.resolve("b"));
  }

  @Test
  void absoluteSymlinkResolvesAgainstTheRoot() throws IOException {
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/run"), Path.of("/run"));
    assertThat(Rootfs.resolve(root, "var/run/x.pid")).isEqualTo(root.resolve("run/x.pid"));
  }

  @Test
  void relativeSymlinkThatClimbsOutStaysInside() throws IOException {
    Files.createSymbolicLink(root.resolve("evil"), Path.of("../../../../etc"));
    assertThat(Rootfs.resolve(root, "evil/shadow")).isEqualTo(root.resolve("etc/shadow"));
  }

  @Test
  void finalSymlinkIsKeptWithNoFollow() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), Path.of("/etc/passwd"));
    assertThat(Rootfs.resolve(root, "link", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(root.resolve("link"));
    assertThat(Rootfs.resolve(root, "link")).isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void intermediateSymlinksAreFollowedEvenWithNoFollow() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("dir"), Path.of("/real"));
    assertThat(Rootfs.resolve(root, "dir/x", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(root.resolve("real/x"));
  }

  @Test
  void dotDotAfterASymlinkClimbsFromItsTarget() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("l"), Path.of("a/b"));
    assertThat(Rootfs.resolve(root, "l/../c")).isEqualTo(root.resolve("a/c"));
  }

  @Test
  void symlinkLoopIsAnErrorNotAHang() throws IOException {
    Files.createSymbolicLink(root.resolve("x"), Path.of("y"));
    Files.createSymbolicLink(root.resolve("y"), Path.of("x"));
    assertThatThrownBy(() -> Rootfs.resolve(root, "x/z"))
        .isInstanceOf(ErrnoException.class)
        .hasMessageContaining("Too many levels of symbolic links");
  }

  @Test
  void linkFollowedAfterClimbingBackFromAMissingTarget() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("missing"));
    Files.createDirectories(root.resolve("missing-not"));
    // "a" leads to the missing "missing"; ".." climbs back; the second "a" is a link again.
    assertThat(Rootfs.resolve(root, "/a/../a//../a")).isEqualTo(root.resolve("missing"));
  }

  @Test
  void trailingSlashFollowsTheFinalLink() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("l"), Path.of("/d"));
    assertThat(Rootfs.resolve(root, "l/", LinkOption.NOFOLLOW_LINKS)).isEqualTo(root.resolve("d"));
  }

  // ---- property: whatever the tree, the result stays inside the root ----

  record Link(String path, String target) {}

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> part = Arbitraries.of("a", "b", "c", "..", ".", "", "link");
    return part.list()
        .ofMinSize(0)
        .ofMaxSize(6)
        .map(l -> (l.size() % 2 == 0 ? "/" : "") + String.join("/", l));
  }

  @Provide
  Arbitrary<List<Link>> trees() {
    Arbitrary<String> target =
        Arbitraries.oneOf(
            paths(),
            Arbitraries.of(
                "../../..", "/", "/..", "../../../etc", "/etc/passwd", "..", ".", "link"));
    return Combinators.combine(paths(), target).as(Link::new).list().ofMaxSize(12);
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
  void resolvedPathNeverLeavesTheRoot(
      @ForAll("trees") List<Link> links, @ForAll("paths") String query, @ForAll boolean follow)
      throws IOException {
    Path base = Files.createTempDirectory("rootfs-prop");
    Path r = Files.createDirectory(base.resolve("root"));
    Files.createDirectories(base.resolve("etc"));
    try {
      for (Link l : links) {
        plant(r, l);
      }
      LinkOption[] options =
          follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
      Path resolved;
      try {
        resolved = Rootfs.resolve(r, query, options);
      } catch (ErrnoException e) {
        assertThat(e.errno()).isEqualTo(Errno.ELOOP);
        return;
      }
      assertThat(resolved.normalize().startsWith(r)).as("%s inside %s", resolved, r).isTrue();
      assertThat(resolved.normalize()).isEqualTo(resolved);
      // No component but (without follow) the last is a symlink: nothing can lead outside.
      Path parent = follow ? resolved : resolved.getParent();
      for (Path p = parent; p != null && p.startsWith(r) && !p.equals(r); p = p.getParent()) {
        assertThat(Files.isSymbolicLink(p)).as("%s is a symlink", p).isFalse();
      }
    } finally {
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Creates the link's parent directories (inside the root, confined) and the link. */
  private static void plant(Path r, Link l) throws IOException {
    String rel;
    try {
      rel = Rootfs.resolveRelative(r, l.path(), LinkOption.NOFOLLOW_LINKS);
    } catch (ErrnoException e) {
      return;
    }
    if (rel.isEmpty()) {
      return;
    }
    Path link = r.resolve(rel);
    try {
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(l.target().isEmpty() ? "." : l.target()));
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
      // the tree already has something there: keep it
    }
  }
}
