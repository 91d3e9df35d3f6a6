package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
  @TempDir Path tmp;

  private Path target() throws IOException {
    return Files.createDirectories(tmp.resolve("rootfs"));
  }

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void whiteoutRemovesLowerFilesAndDirectoriesAcrossThreeLayers() throws IOException {
    Path root = target();
    Layers.apply(
        new TarBuilder()
            .dir("etc")
            .file("etc/a", "a")
            .file("etc/b", "b")
            .dir("opt/app")
            .file("opt/app/x", "x")
            .tar(),
        root);
    Layers.apply(new TarBuilder().dir("etc").whiteout("etc/.wh.a").whiteout(".wh.opt").tar(), root);
    assertThat(tree(root)).containsExactly("etc", "etc/b");
    Layers.apply(new TarBuilder().whiteout("etc/.wh.b").file("opt", "now a file").tar(), root);
    assertThat(tree(root)).containsExactly("etc", "opt");
    assertThat(Files.readString(root.resolve("opt"))).isEqualTo("now a file");
  }

  @Test
  void opaqueMarkerHidesLowerContentWhereverItStandsInTheTar() throws IOException {
    Path before = target();
    Layers.apply(
        new TarBuilder().dir("d").file("d/old1", "1").dir("d/sub").file("d/sub/old2", "2").tar(),
        before);
    Path after = Files.createDirectories(tmp.resolve("second"));
    Layers.apply(
        new TarBuilder().dir("d").file("d/old1", "1").dir("d/sub").file("d/sub/old2", "2").tar(),
        after);

    // marker first (as strata writes it), and marker last (as some tools do)
    Layers.apply(
        new TarBuilder()
            .dir("d")
            .file("d/.wh..wh..opq", "")
            .file("d/new", "n")
            .file("d/sub/mine", "m")
            .tar(),
        before);
    Layers.apply(
        new TarBuilder()
            .dir("d")
            .file("d/new", "n")
            .file("d/sub/mine", "m")
            .file("d/.wh..wh..opq", "")
            .tar(),
        after);

    assertThat(tree(before)).containsExactly("d", "d/new", "d/sub", "d/sub/mine");
    assertThat(tree(after)).containsExactly("d", "d/new", "d/sub", "d/sub/mine");
  }

  @Test
  void whiteoutNeverDeletesWhatTheSameLayerWrote() throws IOException {
    Path root = target();
    Layers.apply(new TarBuilder().file("keep", "new").whiteout(".wh.keep").tar(), root);
    assertThat(Files.readString(root.resolve("keep"))).isEqualTo("new");
  }

  @Test
  void whiteoutOfASymlinkRemovesTheLinkNotItsTarget() throws IOException {
    Path root = target();
    Layers.apply(
        new TarBuilder().dir("data").file("data/precious", "p").symlink("link", "/data").tar(),
        root);
    Layers.apply(new TarBuilder().whiteout(".wh.link").tar(), root);
    assertThat(tree(root)).containsExactly("data", "data/precious");
  }

  @Test
  void writerWhiteoutsAndOpaqueDirsApplyAsTheyWereRecorded() throws IOException {
    Path lower = target();
    Layers.apply(
        new TarBuilder()
            .dir("app")
            .file("app/old", "o")
            .file("app/gone", "g")
            .dir("cache")
            .file("cache/x", "x")
            .tar(),
        lower);
    Path snap = Files.createDirectories(tmp.resolve("snap"));
    Files.createDirectories(snap.resolve("app"));
    Files.writeString(snap.resolve("app/old"), "changed");
    Files.createDirectories(snap.resolve("cache"));
    Files.writeString(snap.resolve("cache/y"), "y");
    byte[] diff =
        Layers.write(
            snap,
            ChangeSet.of(
                    Change.modified("app/old"), Change.deleted("app/gone"), Change.added("cache/y"))
                .withOpaque("cache"));
    Layers.apply(diff, lower);
    assertThat(tree(lower)).containsExactly("app", "app/old", "cache", "cache/y");
    assertThat(Files.readString(lower.resolve("app/old"))).isEqualTo("changed");
  }

  @Test
  void ownershipModesSetuidXattrsAndTimesAreRestoredWithoutFollowingLinks() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path bin = Files.writeString(src.resolve("su"), "#!");
    Syscalls.lchown(bin, 0, 0);
    Syscalls.lchmod(bin, 04755);
    Syscalls.lsetxattr(bin, "user.origin", "test".getBytes());
    Syscalls.lsetxattr(bin, "trusted.binary", new byte[] {0, (byte) 0xff});
    Path home = Files.createDirectories(src.resolve("home"));
    Syscalls.lchown(home, 1000, 1000);
    Syscalls.lchmod(home, 01770);
    Path link = Files.createSymbolicLink(src.resolve("home/link"), Path.of("/etc/shadow"));
    Syscalls.lchown(link, 1000, 1000);
    Instant t = Instant.ofEpochSecond(1_234_567_890L);
    Syscalls.lutimens(link, t, t);
    Syscalls.lutimens(home, t, t);
    Syscalls.lutimens(bin, t, t);

    Path root = target();
    Layers.apply(Layers.tarOf(src), root);

    assertThat(mode(root.resolve("su"))).isEqualTo(04755);
    assertThat(Syscalls.lgetxattr(root.resolve("su"), "trusted.binary"))
        .containsExactly(0, (byte) 0xff);
    assertThat(new String(Syscalls.lgetxattr(root.resolve("su"), "user.origin"))).isEqualTo("test");
    assertThat(Files.getAttribute(root.resolve("home"), "unix:uid")).isEqualTo(1000);
    assertThat(mode(root.resolve("home"))).isEqualTo(01770);
    assertThat(Files.getLastModifiedTime(root.resolve("home"))).isEqualTo(FileTime.from(t));
    assertThat(Files.getAttribute(root.resolve("home/link"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(1000);
    assertThat(Files.getLastModifiedTime(root.resolve("home/link"), LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(FileTime.from(t));
    assertThat(Files.readSymbolicLink(root.resolve("home/link"))).isEqualTo(Path.of("/etc/shadow"));
    assertThat(Files.getAttribute(Path.of("/etc/shadow"), "unix:uid")).isEqualTo(0);
  }

  @Test
  void withoutOwnershipNothingIsChownedAndDevicesAreSkipped() throws IOException {
    TarArchiveEntry owned = new TarArchiveEntry("owned", TarConstants.LF_NORMAL, true);
    owned.setUserId(4242);
    owned.setGroupId(4343);
    owned.setMode(02755);
    byte[] layer =
        new TarBuilder().put(owned, null).device("dev/null", TarConstants.LF_CHR, 1, 3).tar();
    Path root = target();
    LayerApplier.Result r =
        Layers.apply(
            layer, root, LayerApplier.Options.defaults().withOwnership(false).withDevices(false));
    assertThat(Files.getAttribute(root.resolve("owned"), "unix:uid")).isEqualTo(0);
    assertThat(mode(root.resolve("owned"))).isEqualTo(02755);
    assertThat(root.resolve("dev/null")).doesNotExist();
    assertThat(r.skippedDevices()).isEqualTo(1);
  }

  @Test
  void devicesAreCreatedAsRoot() throws IOException {
    Path root = target();
    Layers.apply(
        new TarBuilder()
            .device("dev/null", TarConstants.LF_CHR, 1, 3)
            .device("dev/loop0", TarConstants.LF_BLK, 7, 0)
            .tar(),
        root);
    long rdev =
        (Long)
            Files.getAttribute(root.resolve("dev/loop0"), "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat(Syscalls.major(rdev)).isEqualTo(7);
    assertThat(
            (Integer)
                    Files.getAttribute(
                        root.resolve("dev/null"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
                & Syscalls.S_IFMT)
        .isEqualTo(Syscalls.S_IFCHR);
  }

  @Test
  void hardLinkWithinTheLayerSharesTheInode() throws IOException {
    Path root = target();
    Layers.apply(
        new TarBuilder().file("a", "data").hardlink("b", "a").hardlink("c", "/a").tar(), root);
    assertThat(Files.isSameFile(root.resolve("a"), root.resolve("b"))).isTrue();
    assertThat(Files.isSameFile(root.resolve("a"), root.resolve("c"))).isTrue();
  }

  @Test
  void existingFileIsReplacedAndExistingDirectoryMerged() throws IOException {
    Path root = target();
    Layers.apply(
        new TarBuilder().dir("d").file("d/keep", "k").file("f", "old").symlink("s", "d").tar(),
        root);
    Layers.apply(new TarBuilder().dir("d").file("f", "new").dir("s").tar(), root);
    assertThat(Files.readString(root.resolve("f"))).isEqualTo("new");
    assertThat(root.resolve("d/keep")).exists();
    assertThat(Files.isDirectory(root.resolve("s"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void resultCarriesTheDiffIdOfTheTar() throws IOException {
    byte[] tar = new TarBuilder().file("x", "y").tar();
    LayerApplier.Result r = Layers.apply(TarBuilder.gzip(tar), target());
    assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(r.compression()).isEqualTo(Compression.GZIP);
    assertThat(r.entries()).isEqualTo(1);
  }
}
