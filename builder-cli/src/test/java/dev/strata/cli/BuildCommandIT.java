package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata build} through the command line, with real runc and overlayfs. */
class BuildCommandIT {
  private static final Path TESTDATA = Path.of("../testdata").toAbsolutePath().normalize();

  @TempDir Path dir;
  String root;

  @BeforeEach
  void buildBase() throws IOException {
    root = dir.resolve("store").toString();
    Path base = copy(TESTDATA.resolve("base/busybox"), dir.resolve("base"));
    Files.copy(
        Path.of("/bin/busybox"),
        base.resolve("busybox"),
        StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    CliRun run = CliRun.of("--root", root, "build", "-q", "-t", "strata/busybox", base.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void plainProgressShowsHitsAndMissesAndTheMetadataFileListsEveryStep() throws IOException {
    Path app = copy(TESTDATA.resolve("apps/app1"), dir.resolve("app1"));
    CliRun first =
        CliRun.of("--root", root, "build", "--progress", "plain", "-t", "app1", app.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("#1 [stage-0 1/4] RUN mkdir -p /opt/packages")
        .contains("#1 cache miss: no earlier build of " + app.resolve("Dockerfile"))
        .contains(" stage 0 to compare with")
        .contains("#4 DONE");

    Path metadata = dir.resolve("meta.json");
    Path iid = dir.resolve("iid");
    CliRun again =
        CliRun.of(
            "--root",
            root,
            "build",
            "--progress",
            "plain",
            "--metadata-file",
            metadata.toString(),
            "--iidfile",
            iid.toString(),
            "-t",
            "app1",
            app.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("#1 CACHED").contains("(0 ran, 4 cached)");
    JsonNode meta = new ObjectMapper().readTree(metadata.toFile());
    assertThat(meta.get("imageId").asText()).isEqualTo(Files.readString(iid));
    assertThat(meta.get("manifestDigest").asText()).startsWith("sha256:");
    JsonNode step = meta.get("steps").get(2);
    assertThat(step.get("instruction").asText()).isEqualTo("COPY src/ /app/");
    assertThat(step.get("line").asInt()).isEqualTo(4);
    assertThat(step.get("cached").asBoolean()).isTrue();
    assertThat(step.get("cacheKey").asText()).startsWith("sha256:");
    assertThat(step.get("layerDigest").asText()).startsWith("sha256:");
    assertThat(step.get("layerSize").asLong()).isPositive();
    assertThat(step.get("missReason").isNull()).isTrue();
    assertThat(step.has("durationMs")).isTrue();
    assertThat(step.get("stage").asText()).isEqualTo("0");
    assertThat(step.get("index").asInt()).isEqualTo(3);
  }

  @Test
  void explainSaysWhyEachStepRan() throws IOException {
    Path app = copy(TESTDATA.resolve("apps/app1"), dir.resolve("app1"));
    assertThat(CliRun.of("--root", root, "build", "-q", app.toString()).exitCode()).isZero();
    Files.writeString(app.resolve("src/app1.sh"), "echo changed\n");
    CliRun run = CliRun.of("--root", root, "build", "-q", "--explain", app.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("why steps ran:")
        .contains("[0 3/4] COPY src/ /app/\n    file src/app1.sh: content changed")
        .contains("parent changed: step 3 (COPY src/ /app/) missed");
  }

  @Test
  void outputLocalWritesTheRootfsAndOciWritesALayout() throws IOException {
    Path app = copy(TESTDATA.resolve("apps/app2"), dir.resolve("app2"));
    Path rootfs = dir.resolve("rootfs");
    CliRun local =
        CliRun.of(
            "--root", root, "build", "-q", "--output", "type=local,dest=" + rootfs, app.toString());
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(rootfs.resolve("app/app2.sh")).hasSameTextualContentAs(app.resolve("src/app2.sh"));
    assertThat(Files.readString(rootfs.resolve("opt/packages/installed"))).contains("jq 1.0");
    assertThat(Files.isSymbolicLink(rootfs.resolve("bin/sh"))).isTrue();

    Path layout = dir.resolve("layout");
    CliRun oci =
        CliRun.of(
            "--root", root, "build", "-q", "--output", "type=oci,dest=" + layout, app.toString());
    assertThat(oci.exitCode()).as(oci.err()).isZero();
    assertThat(layout.resolve("index.json")).exists();
    assertThat(layout.resolve("oci-layout")).exists();

    CliRun notEmpty =
        CliRun.of(
            "--root", root, "build", "-q", "--output", "type=local,dest=" + rootfs, app.toString());
    assertThat(notEmpty.exitCode()).isEqualTo(1);
    assertThat(notEmpty.err())
        .isEqualTo("error: cannot export to " + rootfs + ": it is not empty\n");
  }

  @Test
  void failingRunExitsWithItsCodeAndOneLine() throws IOException {
    Path app = dir.resolve("fail");
    Files.createDirectories(app);
    Files.writeString(app.resolve("Dockerfile"), "FROM strata/busybox\nRUN exit 7\n");
    CliRun run = CliRun.of("--root", root, "build", "-q", app.toString());
    assertThat(run.exitCode()).isEqualTo(7);
    assertThat(run.err()).isEqualTo("error: Dockerfile:2: RUN exit 7: exited with code 7\n");
  }

  @Test
  void dockerfileFromStandardInput() {
    var in = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream("FROM strata/busybox\nLABEL from=stdin\n".getBytes()));
      CliRun run = CliRun.of("--root", root, "build", "-q", "-f", "-", dir.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void cacheExportedByOneStoreServesAnotherThatHasOnlyTheBase() throws IOException {
    Path app = copy(TESTDATA.resolve("apps/app1"), dir.resolve("app1"));
    Path cache = dir.resolve("cache");
    CliRun export =
        CliRun.of(
            "--root",
            root,
            "build",
            "--progress",
            "plain",
            "--cache-to",
            "type=local,dest=" + cache + ",mode=max",
            app.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.err()).contains("exported cache to " + cache + ": 4 steps, 3 layers");

    Path base = dir.resolve("base.tar");
    assertThat(
            CliRun.of(
                    "--root",
                    root,
                    "save",
                    "--format",
                    "oci-archive",
                    "-o",
                    base.toString(),
                    "strata/busybox")
                .exitCode())
        .isZero();
    String other = dir.resolve("other").toString();
    assertThat(CliRun.of("--root", other, "load", "-i", base.toString()).exitCode()).isZero();
    CliRun imported =
        CliRun.of(
            "--root",
            other,
            "build",
            "--progress",
            "plain",
            "--cache-from",
            "type=local,src=" + cache,
            app.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.err()).contains("(0 ran, 4 cached)").doesNotContain("warning");

    CliRun badSpec = CliRun.of("--root", root, "build", "--cache-to", "type=local", app.toString());
    assertThat(badSpec.exitCode()).isEqualTo(1);
    assertThat(badSpec.err()).isEqualTo("error: --cache-to type=local: dest= is required\n");
  }

  @Test
  void badInputIsOneLineAndNonZero() throws IOException {
    Path app = dir.resolve("bad");
    Files.createDirectories(app);
    // Nothing listens on port 1: the pull of the missing base fails at once, in one line.
    Files.writeString(app.resolve("Dockerfile"), "FROM 127.0.0.1:1/nothere:1\n");
    CliRun missingBase = CliRun.of("--root", root, "build", "-q", app.toString());
    assertThat(missingBase.exitCode()).isEqualTo(1);
    assertThat(missingBase.err())
        .startsWith(
            "error: Dockerfile:1: base image 127.0.0.1:1/nothere:1: not in the store, and cannot"
                + " pull 127.0.0.1:1/nothere:1: cannot reach 127.0.0.1:1 (GET"
                + " /v2/nothere/manifests/1): connection refused")
        .endsWith("\n")
        .hasLineCount(1);
    Files.writeString(app.resolve("Dockerfile"), "FROM scratch\n");

    CliRun badCompression =
        CliRun.of("--root", root, "build", "--compression", "lz4", app.toString());
    assertThat(badCompression.exitCode()).isEqualTo(1);
    assertThat(badCompression.err())
        .isEqualTo("error: unknown compression \"lz4\": use gzip, zstd or none\n");

    CliRun badOutput = CliRun.of("--root", root, "build", "--output", "type=tar", app.toString());
    assertThat(badOutput.exitCode()).isEqualTo(2);
    assertThat(badOutput.err())
        .contains("type must be oci, oci-archive, docker, local or registry");
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
