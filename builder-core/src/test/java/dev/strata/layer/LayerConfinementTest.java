package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers: each test applies one and checks that nothing outside the target changed (a
 * sentinel file and its directory are compared before and after) and, where the layer is refused,
 * what the error says.
 */
class LayerConfinementTest {
  @TempDir Path base;
  Path root;
  Path outside;
  Path sentinel;
  Map<String, String> before;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(base.resolve("rootfs"));
    outside = Files.createDirectories(base.resolve("outside"));
    sentinel = Files.writeString(outside.resolve("sentinel"), "untouched");
    Syscalls.lchmod(sentinel, 0600);
    before = outsideState();
  }

  @AfterEach
  void outsideIsUntouched() throws IOException {
    assertThat(outsideState()).isEqualTo(before);
  }

  /**
   * Everything under base but the target: path -> type, mode, owner, links, size, mtime, content.
   */
  private Map<String, String> outsideState() throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.filter(p -> !p.startsWith(root)).toList()) {
        Map<String, Object> a =
            Files.readAttributes(
                p, "unix:mode,uid,gid,nlink,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        String content =
            Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
        state.put(
            base.relativize(p).toString(),
            a.get("mode")
                + " "
                + a.get("uid")
                + ":"
                + a.get("gid")
                + " "
                + a.get("nlink")
                + " "
                + a.get("size")
                + " "
                + a.get("lastModifiedTime")
                + " "
                + content);
      }
    }
    return state;
  }

  /** The outside directory as an absolute path, seen from the host. */
  private String outsideAbsolute() {
    return outside.toAbsolutePath().toString();
  }

  private void refused(byte[] layer, String message) {
    assertThatThrownBy(() -> Layers.apply(layer, root))
        .isInstanceOf(LayerFormatException.class)
        .hasMessage(message);
  }

  @Test
  void absoluteEntryNameLandsInsideTheTarget() throws IOException {
    Layers.apply(new TarBuilder().file(outsideAbsolute() + "/sentinel", "pwned").tar(), root);
    assertThat(Files.readString(root.resolve(outsideAbsolute().substring(1) + "/sentinel")))
        .isEqualTo("pwned");
  }

  @Test
  void dotDotEntryNameIsRefused() {
    refused(
        new TarBuilder().file("../outside/sentinel", "pwned").tar(),
        "invalid layer: entry '../outside/sentinel': the name climbs out of the layer root with ..");
  }

  @Test
  void dotDotInTheMiddleOfANameIsRefusedWhenItClimbsOut() {
    refused(
        new TarBuilder().file("a/../../outside/new", "pwned").tar(),
        "invalid layer: entry 'a/../../outside/new': the name climbs out of the layer root with ..");
  }

  @Test
  void writeThroughAnAbsoluteSymlinkFromTheSameLayerStaysInside() throws IOException {
    Layers.apply(
        new TarBuilder().symlink("evil", outsideAbsolute()).file("evil/pwned", "x").tar(), root);
    assertThat(root.resolve(outsideAbsolute().substring(1) + "/pwned")).hasContent("x");
  }

  @Test
  void writeThroughARelativeSymlinkThatClimbsStaysInside() throws IOException {
    Layers.apply(
        new TarBuilder().symlink("evil", "../../../../../../../..").file("evil/pwned", "x").tar(),
        root);
    assertThat(root.resolve("pwned")).hasContent("x");
  }

  @Test
  void writeThroughASymlinkPlantedByAnEarlierLayerStaysInside() throws IOException {
    Layers.apply(new TarBuilder().symlink("evil", "../outside").tar(), root);
    Layers.apply(new TarBuilder().file("evil/sentinel", "pwned").file("evil/new", "x").tar(), root);
    assertThat(root.resolve("outside/sentinel")).hasContent("pwned");
  }

  @Test
  void entryReplacingASymlinkReplacesTheLinkNotItsTarget() throws IOException {
    Layers.apply(new TarBuilder().symlink("x", sentinel.toString()).tar(), root);
    Layers.apply(new TarBuilder().file("x", "pwned").tar(), root);
    assertThat(Files.isSymbolicLink(root.resolve("x"))).isFalse();
    assertThat(root.resolve("x")).hasContent("pwned");
  }

  @Test
  void hardLinkThatClimbsOutIsRefused() {
    refused(
        new TarBuilder().hardlink("h", "../outside/sentinel").tar(),
        "invalid layer: entry 'h': the hard link target ../outside/sentinel climbs out of the layer root");
  }

  @Test
  void hardLinkThroughASymlinkResolvesInsideTheTarget() {
    refused(
        new TarBuilder().symlink("evil", outsideAbsolute()).hardlink("h", "evil/sentinel").tar(),
        "invalid layer: entry 'h': the hard link target evil/sentinel does not exist");
  }

  @Test
  void hardLinkToAnAbsolutePathResolvesInsideTheTarget() {
    refused(
        new TarBuilder().hardlink("h", sentinel.toString()).tar(),
        "invalid layer: entry 'h': the hard link target "
            + sentinel.toString().substring(1)
            + " does not exist");
  }

  @Test
  void hardLinkToASymlinkLinksTheSymlinkItself() throws IOException {
    Layers.apply(
        new TarBuilder().symlink("link", sentinel.toString()).hardlink("h", "link").tar(), root);
    assertThat(Files.isSymbolicLink(root.resolve("h"))).isTrue();
  }

  @Test
  void whiteoutThatClimbsOutIsRefused() {
    refused(
        new TarBuilder().whiteout("../outside/.wh.sentinel").tar(),
        "invalid layer: entry '../outside/.wh.sentinel': the name climbs out of the layer root with ..");
  }

  @Test
  void whiteoutThroughASymlinkRemovesOnlyInsideTheTarget() throws IOException {
    Path inside = Files.createDirectories(root.resolve(outsideAbsolute().substring(1)));
    Files.writeString(inside.resolve("sentinel"), "inner copy");
    Layers.apply(new TarBuilder().symlink("evil", outsideAbsolute()).tar(), root);
    Layers.apply(new TarBuilder().whiteout("evil/.wh.sentinel").tar(), root);
    assertThat(inside.resolve("sentinel")).doesNotExist();
  }

  @Test
  void opaqueMarkerThroughASymlinkPrunesOnlyInsideTheTarget() throws IOException {
    Layers.apply(new TarBuilder().symlink("evil", "../outside").tar(), root);
    Layers.apply(new TarBuilder().whiteout("evil/.wh..wh..opq").tar(), root);
    assertThat(root.resolve("outside")).isEmptyDirectory();
  }

  @Test
  void metadataOfASymlinkEntryNeverReachesItsTarget() throws IOException {
    TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK, true);
    link.setLinkName(sentinel.toString());
    link.setMode(07777);
    link.setUserId(4321);
    link.setGroupId(4321);
    link.setModTime(0);
    Layers.apply(new TarBuilder().put(link, null).tar(), root);
    assertThat(Files.getAttribute(root.resolve("link"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(4321);
  }

  @Test
  void legitimateAbsoluteLinkIsFollowedInsideTheTarget() throws IOException {
    Layers.apply(new TarBuilder().dir("run").dir("var").symlink("var/run", "/run").tar(), root);
    Layers.apply(new TarBuilder().file("var/run/app.pid", "42").tar(), root);
    assertThat(root.resolve("run/app.pid")).hasContent("42");
    assertThat(Files.isSymbolicLink(root.resolve("var/run"))).isTrue();
  }

  @Test
  void malformedWhiteoutsAreRefused() {
    refused(
        new TarBuilder().whiteout("d/.wh.").tar(),
        "invalid layer: entry 'd/.wh.': malformed whiteout .wh.");
    refused(
        new TarBuilder().whiteout(".wh..").tar(),
        "invalid layer: entry '.wh..': malformed whiteout .wh..");
    refused(
        new TarBuilder().whiteout("a/.wh...").tar(),
        "invalid layer: entry 'a/.wh...': malformed whiteout .wh...");
    refused(
        new TarBuilder().dir("d/.wh..wh..opq").tar(),
        "invalid layer: entry 'd/.wh..wh..opq/': a whiteout must not be a directory");
    refused(
        new TarBuilder().whiteout("d/.wh..wh.plnk").tar(),
        "invalid layer: entry 'd/.wh..wh.plnk': unknown whiteout metadata .wh..wh.plnk");
    refused(
        new TarBuilder().file("d/.wh.x/y", "").tar(),
        "invalid layer: entry 'd/.wh.x/y': the entry lies inside a whiteout name (.wh.x)");
  }

  @Test
  void topLevelAufsBookkeepingIsSkipped() throws IOException {
    Layers.apply(
        new TarBuilder()
            .dir(".wh..wh.plnk")
            .file(".wh..wh.plnk/123.456", "x")
            .file(".wh..wh.aufs", "")
            .file("real", "r")
            .tar(),
        root);
    assertThat(root.resolve("real")).exists();
    assertThat(root.resolve(".wh..wh.plnk")).doesNotExist();
    assertThat(root.resolve(".wh..wh.aufs")).doesNotExist();
  }

  @Test
  void outOfRangeDeviceNumbersAreRefused() {
    refused(
        new TarBuilder().device("dev/bad", TarConstants.LF_BLK, 5000, 1).tar(),
        "invalid layer: entry 'dev/bad': invalid device number 5000,1");
  }

  @Test
  void symlinkLoopOnTheWayIsACleanError() {
    refused(
        new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "").tar(),
        "invalid layer: entry 'a/x': too many levels of symbolic links resolving a");
  }

  @Test
  void fileWhereADirectoryIsNeededIsACleanError() {
    refused(
        new TarBuilder().file("f", "x").file("f/y", "").tar(),
        "invalid layer: entry 'f/y': f is not a directory");
  }
}
