package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strata and buildah ({@code buildah bud --layers --isolation chroot --storage-driver vfs}) build
 * the same Dockerfiles from testdata/differential over the same base; the images must have the same
 * root file system (paths, types, modes, owners, contents, link targets) as {@code umoci unpack}
 * shows it, and the same config as {@code skopeo inspect --config} shows it.
 */
class BuildahDifferentialIT {
  private static final List<String> CONFIG_FIELDS =
      List.of(
          "Env",
          "Cmd",
          "Entrypoint",
          "WorkingDir",
          "User",
          "ExposedPorts",
          "Volumes",
          "Labels",
          "StopSignal");

  /** What buildah's RUN leaves behind in a busybox image that has none of these paths. */
  private static final List<String> BUILDAH_RUN_STUBS =
      List.of("/dev", "/proc", "/sys", "/run", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

  @TempDir Path dir;
  BuildFixture f;
  List<String> buildah;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(dir.resolve("strata"));
    buildah =
        List.of(
            "buildah",
            "--root",
            dir.resolve("buildah/root").toString(),
            "--runroot",
            dir.resolve("buildah/run").toString(),
            "--storage-driver",
            "vfs");
    Path base =
        BuildFixture.copyTree(BuildFixture.TESTDATA.resolve("base/busybox"), dir.resolve("base"));
    Files.copy(
        Path.of("/bin/busybox"),
        base.resolve("busybox"),
        StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    run(
        buildahArgs(
            "bud", "--layers", "--isolation", "chroot", "-t", BuildFixture.BASE, base.toString()));
  }

  @AfterEach
  void tearDown() throws Exception {
    run(buildahArgs("rm", "--all"));
    run(buildahArgs("rmi", "--all", "--force"));
    f.close();
  }

  @Test
  void everyInstructionGivesTheSameRootfsAndConfig() throws Exception {
    compare("all");
  }

  @Test
  void theSampleAppsGiveTheSameRootfsAndConfig() throws Exception {
    compare("../apps/app1");
  }

  private void compare(String name) throws Exception {
    Path context = f.sample(name.startsWith("../") ? name.substring(3) : "differential/" + name);
    f.build(context, "diff:latest");
    Path strataLayout = dir.resolve("strata-oci");
    try (Images images = Images.open(f.root)) {
      images.save("oci", strataLayout, List.of("diff:latest"));
    }
    run(
        buildahArgs(
            "bud", "--layers", "--isolation", "chroot", "-t", "diff:latest", context.toString()));
    Path buildahLayout = dir.resolve("buildah-oci");
    run(buildahArgs("push", "diff:latest", "oci:" + buildahLayout + ":latest"));

    String strataRef = "oci:" + strataLayout + ":" + refName(strataLayout);
    JsonNode strataConfig =
        new ObjectMapper().readTree(run(List.of("skopeo", "inspect", "--config", strataRef)));
    JsonNode buildahConfig =
        new ObjectMapper()
            .readTree(
                run(List.of("skopeo", "inspect", "--config", "oci:" + buildahLayout + ":latest")));
    // buildah stamps its own version as a label; that is buildah's, not the Dockerfile's.
    JsonNode labels = buildahConfig.path("config").path("Labels");
    if (labels instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.remove("io.buildah.version");
      if (o.isEmpty()) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) buildahConfig.path("config"))
            .remove("Labels");
      }
    }
    for (String field : CONFIG_FIELDS) {
      assertThat(strataConfig.path("config").path(field))
          .as("config %s", field)
          .isEqualTo(buildahConfig.path("config").path(field));
    }

    Map<String, String> strataTree = unpack(strataLayout, refName(strataLayout), "strata-bundle");
    Map<String, String> buildahTree = unpack(buildahLayout, "latest", "buildah-bundle");
    // buildah 1.28 with chroot isolation leaves the mount points of RUN in the image (see
    // buildahLeavesRunMountPointsAndVolumeDirectoriesInTheImage); docker and strata do not.
    assertThat(buildahTree).containsKeys(BUILDAH_RUN_STUBS.toArray(String[]::new));
    BUILDAH_RUN_STUBS.forEach(buildahTree::remove);
    // buildah also creates VOLUME directories in the rootfs; BuildKit only records them in the
    // config, leaving the mount point to the runtime (see the test below).
    strataConfig.path("config").path("Volumes").fieldNames().forEachRemaining(buildahTree::remove);
    assertThat(strataTree).containsExactlyInAnyOrderEntriesOf(buildahTree);
  }

  /**
   * A buildah quirk strata does not copy: after a RUN with chroot isolation, buildah commits the
   * empty mount points it made for the process (/dev, /proc, /sys, /run and zero-length
   * /etc/hostname, /etc/hosts, /etc/resolv.conf with mode 0755) into the layer, so they ship in the
   * image. docker build (BuildKit) removes what it created for the run; strata's executors do the
   * same, which keeps a RUN's layer to what the command wrote. Likewise buildah creates each VOLUME
   * directory in the rootfs when a RUN follows it, where BuildKit records the volume in the config
   * only.
   */
  @Test
  void buildahLeavesRunMountPointsAndVolumeDirectoriesInTheImage() throws Exception {
    Path context =
        f.context("stubs", "FROM strata/busybox\nVOLUME /vol\nRUN echo hi > /hi\n", Map.of());
    f.build(context, "stubs:latest");
    Path strataLayout = dir.resolve("stubs-strata");
    try (Images images = Images.open(f.root)) {
      images.save("oci", strataLayout, List.of("stubs:latest"));
    }
    run(
        buildahArgs(
            "bud", "--layers", "--isolation", "chroot", "-t", "stubs:latest", context.toString()));
    Path buildahLayout = dir.resolve("stubs-buildah");
    run(buildahArgs("push", "stubs:latest", "oci:" + buildahLayout + ":latest"));
    Map<String, String> strata = unpack(strataLayout, refName(strataLayout), "stubs-strata-bundle");
    Map<String, String> buildah = unpack(buildahLayout, "latest", "stubs-buildah-bundle");
    assertThat(buildah).containsKeys(BUILDAH_RUN_STUBS.toArray(String[]::new)).containsKey("/vol");
    assertThat(strata).doesNotContainKeys(BUILDAH_RUN_STUBS.toArray(String[]::new));
    assertThat(strata).doesNotContainKey("/vol");
    assertThat(strata.get("/hi")).isEqualTo(buildah.get("/hi"));
  }

  private static String refName(Path layout) throws IOException {
    JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
    return index
        .get("manifests")
        .get(0)
        .path("annotations")
        .path("org.opencontainers.image.ref.name")
        .asText();
  }

  private Map<String, String> unpack(Path layout, String tag, String bundle) throws Exception {
    Path target = dir.resolve(bundle);
    run(List.of("umoci", "unpack", "--image", layout + ":" + tag, target.toString()));
    return tree(target.resolve("rootfs"));
  }

  /** path -> type, mode, owner, and content digest or link target; times are the tools' own. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            out.put("/" + root.relativize(d), describe(d, "dir"));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
            String what =
                a.isSymbolicLink()
                    ? "link " + Syscalls.readlink(p)
                    : a.isRegularFile() ? "file " + Digest.sha256(Files.readAllBytes(p)) : "other";
            out.put("/" + root.relativize(p), describe(p, what));
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  private static String describe(Path p, String what) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    return what + " " + Integer.toOctalString(mode & 07777) + " " + uid + ":" + gid;
  }

  private List<String> buildahArgs(String... args) {
    List<String> all = new ArrayList<>(buildah);
    all.addAll(List.of(args));
    return all;
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    assertThat(rc).as("%s:%n%s%s", String.join(" ", command), out, err).isZero();
    return out;
  }
}
