package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.fs.Syscalls;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whiteouts kept in a storage driver's layer directory, in overlayfs' form or OCI's (as root). */
class LayerApplierWhiteoutModesTest {
  @TempDir Path tmp;

  private static final byte[] LAYER =
      new TarBuilder()
          .dir("etc")
          .whiteout("etc/.wh.gone")
          .file("etc/new", "new")
          .dir("var/cache")
          .file("var/cache/.wh..wh..opq", "")
          .file("var/cache/kept", "kept")
          .whiteout("deep/missing/.wh.x")
          .whiteout(".wh.remade")
          .dir("remade")
          .file("remade/inside", "inside")
          .tar();

  private Path apply(WhiteoutMode mode) throws IOException {
    Path target = Files.createDirectories(tmp.resolve(mode.name()));
    Layers.apply(LAYER, target, LayerApplier.Options.defaults().withWhiteouts(mode));
    return target;
  }

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static boolean overlayWhiteout(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    return (mode & Syscalls.S_IFMT) == Syscalls.S_IFCHR && rdev == 0;
  }

  private static boolean opaque(Path dir) throws IOException {
    byte[] v = Syscalls.lgetxattr(dir, LayerApplier.OVERLAY_OPAQUE);
    return v != null && new String(v).equals("y");
  }

  @Test
  void overlayModeMakesCharacterDeviceWhiteoutsAndOpaqueAttributes() throws IOException {
    Path root = apply(WhiteoutMode.OVERLAY);
    assertThat(tree(root))
        .containsExactly(
            "deep",
            "deep/missing",
            "deep/missing/x",
            "etc",
            "etc/gone",
            "etc/new",
            "remade",
            "remade/inside",
            "var",
            "var/cache",
            "var/cache/kept");
    assertThat(overlayWhiteout(root.resolve("etc/gone"))).isTrue();
    assertThat(overlayWhiteout(root.resolve("deep/missing/x"))).isTrue();
    assertThat(opaque(root.resolve("var/cache"))).isTrue();
    assertThat(opaque(root.resolve("etc"))).isFalse();
    // Deleted and made again in the same layer: the new directory hides the old one.
    assertThat(opaque(root.resolve("remade"))).isTrue();
  }

  @Test
  void keepModeLeavesTheOciWhiteoutFiles() throws IOException {
    Path root = apply(WhiteoutMode.KEEP);
    assertThat(tree(root))
        .containsExactly(
            ".wh.remade",
            "deep",
            "deep/missing",
            "deep/missing/.wh.x",
            "etc",
            "etc/.wh.gone",
            "etc/new",
            "remade",
            "remade/inside",
            "var",
            "var/cache",
            "var/cache/.wh..wh..opq",
            "var/cache/kept");
    assertThat(Files.size(root.resolve("etc/.wh.gone"))).isZero();
  }

  @Test
  void applyModeStillDeletesFromTheTarget() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("apply"));
    Layers.apply(new TarBuilder().dir("etc").file("etc/gone", "x").tar(), root);
    Layers.apply(LAYER, root);
    assertThat(root.resolve("etc/gone")).doesNotExist();
    assertThat(tree(root)).doesNotContain("etc/.wh.gone", "var/cache/.wh..wh..opq");
  }
}
