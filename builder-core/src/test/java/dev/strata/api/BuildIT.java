package dev.strata.api;

import static dev.strata.api.BuildFixture.cached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strata build end to end, for real: runc runs RUN steps over overlayfs snapshots, layers land in a
 * temporary store, and the cache is checked for hits, misses and their explanations.
 */
class BuildIT {
  @TempDir Path dir;
  BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(dir);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (f == null) {
      return;
    }
    assertThat(f.mountsUnderStore()).as("mounts left under the store").isFalse();
    f.assertCheckClean();
    f.close();
  }

  @Test
  void app2AfterApp1RunsOnlyItsLastTwoStepsAndSharesTheFirstLayers() throws Exception {
    BuildReport app1 = f.build(f.sample("apps/app1"), "app1");
    assertThat(cached(app1)).containsExactly(false, false, false, false);
    Set<String> blobsAfterApp1 = f.blobs();

    BuildReport app2 = f.build(f.sample("apps/app2"), "app2");
    assertThat(cached(app2)).containsExactly(true, true, false, false);
    assertThat(app2.steps().get(0).layerDigest()).isEqualTo(app1.steps().get(0).layerDigest());
    assertThat(app2.steps().get(1).layerDigest()).isEqualTo(app1.steps().get(1).layerDigest());
    // Only app2's COPY layer, config and manifest are new: the shared layers are stored once.
    Set<String> added = new java.util.HashSet<>(f.blobs());
    added.removeAll(blobsAfterApp1);
    assertThat(added).hasSize(3);

    try (Images images = Images.open(f.root)) {
      DiskUsageReport df = images.diskUsage(true);
      assertThat(df.toString()).contains("app1").contains("app2");
    }
  }

  @Test
  void rebuildWithNothingChangedHitsEverywhereAndGivesTheSameImage() throws Exception {
    Path app = f.sample("apps/app1");
    BuildReport first = f.build(app, "app1");
    BuildReport again = f.build(app, "app1");
    assertThat(cached(again)).containsOnly(true);
    assertThat(again.imageId()).isEqualTo(first.imageId());
  }

  @Test
  void anUnchangedRebuildIsAnsweredWithoutTheSolverAndAnyChangeFallsBack() throws Exception {
    Path app = f.sample("apps/app1");
    Thread.sleep(2100); // files changed within 2 s are racy: no shortcut is recorded for them
    BuildReport first = f.build(app, "app1");
    // Without the cache index the solver would have to run every step again.
    StepWorkFiles.deleteTree(f.root.resolve("cache/index"));
    BuildReport again = f.build(app, "app1:again");
    assertThat(again.ran()).isZero();
    assertThat(again.imageId()).isEqualTo(first.imageId());
    try (Images images = Images.open(f.root)) {
      assertThat(images.inspect("app1:again").toString()).contains(first.imageId());
    }
    // A touched file changes the snapshot: the full build runs, and with no cache, runs steps.
    Files.setLastModifiedTime(app.resolve("src/app1.sh"), FileTime.from(Instant.now()));
    BuildReport touched = f.build(app, "app1");
    assertThat(touched.ran()).isPositive();
  }

  @Test
  void anUnchangedRebuildWhoseBaseReferenceMovedIsBuiltAgain() throws Exception {
    Path app = f.sample("apps/app1");
    Thread.sleep(2100); // files changed within 2 s are racy: no shortcut is recorded for them
    BuildReport first = f.build(app, "app1");
    assertThat(f.build(app, "app1").imageId()).isEqualTo(first.imageId());
    // The same Dockerfile, args and context, but FROM's reference now names another image.
    Path other = f.context("other-base", "FROM strata/busybox\nLABEL other=base\n", Map.of());
    f.build(other, "other-base");
    try (Images images = Images.open(f.root)) {
      images.tag("other-base", "strata/busybox");
    }
    BuildReport moved = f.build(app, "app1");
    assertThat(moved.imageId()).isNotEqualTo(first.imageId());
    assertThat(moved.steps().get(0).cached()).isFalse();
  }

  @Test
  void aBuildLeavesTheContextFilesUntouched() throws Exception {
    Path app =
        f.context(
            "untouched",
            "FROM strata/busybox\nCOPY a.txt /a.txt\n"
                + "RUN --mount=type=bind,target=/ctx cat /ctx/a.txt > /b.txt\n",
            Map.of("a.txt", "a"));
    Path a = app.resolve("a.txt");
    Object before = Files.getAttribute(a, "unix:ctime");
    Object links = Files.getAttribute(a, "unix:nlink");
    f.build(app);
    assertThat(Files.getAttribute(a, "unix:ctime")).isEqualTo(before);
    assertThat(Files.getAttribute(a, "unix:nlink")).isEqualTo(links);
  }

  @Test
  void editingTheSourceRerunsTheLastTwoStepsAndExplainsWhy() throws Exception {
    Path app = f.sample("apps/app1");
    f.build(app, "app1");
    Files.writeString(
        app.resolve("src/app1.sh"), "\necho edited\n", java.nio.file.StandardOpenOption.APPEND);
    BuildReport edited = f.build(app, "app1");
    assertThat(cached(edited)).containsExactly(true, true, false, false);
    assertThat(edited.steps().get(2).missReason()).isEqualTo("file src/app1.sh: content changed");
    assertThat(edited.steps().get(3).missReason())
        .isEqualTo("parent changed: step 3 (COPY src/ /app/) missed");
    assertThat(edited.steps().get(0).missReason()).isNull();
  }

  @Test
  void aRebuildAfterOneFileChangedWritesTheSameLayerBytesAsAFreshBuild() throws Exception {
    // About 4 MB of text and random files: a dozen gzip segments, of which the rebuild deflates
    // only the changed file's and takes the rest from the earlier layer.
    Map<String, String> files = new java.util.TreeMap<>();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[20_000];
      r.nextBytes(b);
      files.put(
          "src/f" + i + ".txt",
          i % 2 == 0 ? ("line " + i + "\n").repeat(2_000) : java.util.HexFormat.of().formatHex(b));
    }
    Path app = f.context("segments", "FROM strata/busybox\nCOPY src/ /app/src/\n", files);
    Instant epoch = Instant.ofEpochSecond(1_700_000_000);
    BuildReport first = f.build(f.request(app).withSourceDateEpoch(epoch));
    Files.writeString(
        app.resolve("src/f100.txt"), "changed\n", java.nio.file.StandardOpenOption.APPEND);
    BuildReport rebuilt = f.build(f.request(app).withSourceDateEpoch(epoch));
    BuildReport fresh = f.build(f.request(app).withSourceDateEpoch(epoch).withNoCache(true));
    assertThat(cached(rebuilt)).containsExactly(false);
    String layer = rebuilt.steps().get(0).layerDigest();
    assertThat(layer).isNotEqualTo(first.steps().get(0).layerDigest());
    assertThat(fresh.steps().get(0).layerDigest()).isEqualTo(layer);
    // The rebuilt layer's segments are recorded in turn, for the next edit.
    assertThat(f.root.resolve("cache/segments").resolve(layer.substring("sha256:".length())))
        .isRegularFile();
  }

  @Test
  void aRebuildLinksTheFilesTheEarlierLayerHoldsAndLaterStepsNeverChangeThem() throws Exception {
    Path app =
        f.context(
            "links",
            "FROM strata/busybox\nCOPY src/ /app/src/\n"
                + "RUN echo more >> /app/src/a.txt && chmod 600 /app/src/b.txt\n",
            Map.of("src/a.txt", "a\n", "src/b.txt", "b\n", "src/c.txt", "c\n"));
    BuildRequest overlay =
        f.request(app)
            .withStorageDriver("overlay")
            .withSourceDateEpoch(Instant.ofEpochSecond(1_700_000_000));
    f.build(overlay);
    List<Path> before = copyLayers();
    assertThat(before).hasSize(1);
    Files.writeString(app.resolve("src/c.txt"), "changed\n");
    BuildReport rebuilt = f.build(overlay);
    assertThat(cached(rebuilt)).containsExactly(false, false);
    // The layers, read through the mount the links were made beneath, are a fresh build's.
    assertThat(layerDigests(rebuilt)).isEqualTo(layerDigests(f.build(overlay.withNoCache(true))));
    List<Path> after = copyLayers();
    assertThat(after).hasSize(2);
    Path earlier = before.get(0);
    Path layer = after.get(0).equals(earlier) ? after.get(1) : after.get(0);
    // Unchanged files are the earlier layer's own; the changed one was written.
    assertThat(inode(layer.resolve("a.txt"))).isEqualTo(inode(earlier.resolve("a.txt")));
    assertThat(inode(layer.resolve("b.txt"))).isEqualTo(inode(earlier.resolve("b.txt")));
    assertThat(inode(layer.resolve("c.txt"))).isNotEqualTo(inode(earlier.resolve("c.txt")));
    // The RUN on top changed its own copies: both COPY layers hold what was copied.
    for (Path l : List.of(earlier, layer)) {
      assertThat(l.resolve("a.txt")).hasContent("a");
      assertThat(Files.getPosixFilePermissions(l.resolve("b.txt")))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (var dirs = Files.list(f.root.resolve("layers"))) {
      assertThat(dirs.map(d -> d.resolve("diff/app/src/a.txt")).filter(Files::exists))
          .as("the RUN layers' own a.txt")
          .anySatisfy(p -> assertThat(p).hasContent("a\nmore"));
    }
  }

  @Test
  void aVfsRebuildTakesTheFilesItWouldWriteAgainFromTheTreeTheLastBuildLeft() throws Exception {
    Map<String, String> files = new java.util.TreeMap<>();
    for (int i = 0; i < 20; i++) {
      files.put("src/f" + i + ".txt", ("line " + i + "\n").repeat(100));
    }
    Path app =
        f.context(
            "spare",
            "FROM strata/busybox\nCOPY src/ /app/src/\nRUN echo more >> /app/src/f1.txt\n",
            files);
    BuildRequest vfs =
        f.request(app)
            .withStorageDriver("vfs")
            .withSourceDateEpoch(Instant.ofEpochSecond(1_700_000_000));
    f.build(vfs);
    Path spare = spareOf("app/src");
    Object unchanged = inode(spare.resolve("f0.txt"));
    Object edited = inode(spare.resolve("f2.txt"));
    Object run = inode(spare.resolve("f1.txt"));
    // The spare is the whole last tree, with what the RUN changed in place.
    assertThat(spare.resolve("f1.txt")).hasContent(("line 1\n").repeat(100) + "more");
    Files.writeString(app.resolve("src/f2.txt"), "changed\n");

    BuildReport rebuilt = f.build(vfs);

    assertThat(cached(rebuilt)).containsExactly(false, false);
    // The file the first build wrote moved into the rebuild's tree, and on into the new spare;
    // the edited one, and the one the RUN changed, which no longer matched its source, were
    // written anew.
    assertThat(inode(spare.resolve("f0.txt"))).isEqualTo(unchanged);
    assertThat(inode(spare.resolve("f2.txt"))).isNotEqualTo(edited);
    assertThat(inode(spare.resolve("f1.txt"))).isNotEqualTo(run);
    assertThat(spare.resolve("f2.txt")).hasContent("changed");
    assertThat(layerDigests(rebuilt)).isEqualTo(layerDigests(f.build(vfs.withNoCache(true))));
  }

  @Test
  void aVfsCopyThatEndsTheStageLeavesItsFilesForTheNextBuild() throws Exception {
    Path app =
        f.context(
            "last-copy",
            "FROM strata/busybox\nCOPY src/ /app/src/\nCMD [\"true\"]\n",
            Map.of("src/a/one.txt", "one\n", "src/a/two.txt", "two\n"));
    BuildRequest vfs = f.request(app).withStorageDriver("vfs");
    f.build(vfs);
    Object one = inode(spareOf("app/src").resolve("a/one.txt"));
    Files.writeString(app.resolve("src/a/two.txt"), "three\n");

    BuildReport rebuilt = f.build(vfs);

    assertThat(cached(rebuilt)).containsExactly(false, false);
    assertThat(inode(spareOf("app/src").resolve("a/one.txt"))).isEqualTo(one);
    assertThat(spareOf("app/src").resolve("a/two.txt")).hasContent("three");
  }

  /** The {@code rel} directory of the one spare tree that has it. */
  private Path spareOf(String rel) throws IOException {
    try (var trees = Files.list(f.root.resolve("cache/spare"))) {
      List<Path> found = trees.map(t -> t.resolve(rel)).filter(Files::isDirectory).toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  private static List<String> layerDigests(BuildReport report) {
    return report.steps().stream().map(BuildReport.Step::layerDigest).toList();
  }

  /** The src/ directories of the layer directories that hold a.txt. */
  private List<Path> copyLayers() throws IOException {
    try (var dirs = Files.list(f.root.resolve("layers"))) {
      return dirs.map(d -> d.resolve("diff/app/src"))
          .filter(d -> Files.exists(d.resolve("a.txt")) && Files.exists(d.resolve("c.txt")))
          .toList();
    }
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void touchingFilesChangesNothing() throws Exception {
    Path app = f.sample("apps/app1");
    f.build(app, "app1");
    Files.setLastModifiedTime(
        app.resolve("src/app1.sh"), FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(cached(f.build(app, "app1"))).containsOnly(true);
  }

  @Test
  void sameSizeRewriteWithItsOldMtimeRestoredStillMisses() throws Exception {
    Path app =
        f.context(
            "racy", "FROM strata/busybox\nCOPY data.txt /data.txt\n", Map.of("data.txt", "aaaa"));
    Path data = app.resolve("data.txt");
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(data, old);
    f.build(app);
    // Rewrite with the same size and put the mtime back, as `touch -d` would: only ctime moves.
    Files.writeString(data, "bbbb");
    Files.setLastModifiedTime(data, old);
    BuildReport again = f.build(app);
    assertThat(cached(again)).containsExactly(false);
    assertThat(again.steps().get(0).missReason()).isEqualTo("file data.txt: content changed");
  }

  @Test
  void ignoredAndUnselectedFilesChangeNothing() throws Exception {
    Path app =
        f.context(
            "ignore",
            "FROM strata/busybox\nCOPY src/ /src/\n",
            Map.of(
                "src/a.txt",
                "a",
                "src/tmp.log",
                "x",
                "notes.md",
                "n",
                ".dockerignore",
                "**/*.log\n"));
    f.build(app);
    Files.writeString(app.resolve("src/tmp.log"), "changed");
    Files.writeString(app.resolve("notes.md"), "changed");
    assertThat(cached(f.build(app))).containsOnly(true);
  }

  @Test
  void declaredBuildArgIsPartOfRunEvenUnmentionedAndAnUndeclaredOneChangesNothing()
      throws Exception {
    Path app =
        f.context(
            "args",
            "FROM strata/busybox\nARG MODE=fast\nRUN ./configure 2>/dev/null || true\n",
            Map.of());
    f.build(app);
    BuildRequest undeclared =
        new BuildRequest(
            new PlanRequest(
                app,
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                Map.of("OTHER", "1"),
                java.util.Optional.empty(),
                java.util.Optional.empty()),
            List.of(),
            false,
            Set.of(),
            "gzip",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            "default",
            List.of(),
            java.util.Optional.empty(),
            Map.of(),
            List.of(),
            List.of());
    assertThat(cached(f.build(undeclared))).containsOnly(true);
    BuildRequest declared =
        new BuildRequest(
            new PlanRequest(
                app,
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                Map.of("MODE", "slow"),
                java.util.Optional.empty(),
                java.util.Optional.empty()),
            List.of(),
            false,
            Set.of(),
            "gzip",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            "default",
            List.of(),
            java.util.Optional.empty(),
            Map.of(),
            List.of(),
            List.of());
    BuildReport changed = f.build(declared);
    assertThat(cached(changed)).containsExactly(false, false);
    assertThat(changed.steps().get(1).missReason()).contains("build arg MODE: value changed");
  }

  @Test
  void noCacheBuildGivesTheSameImageAsACachedOneWithSourceDateEpoch() throws Exception {
    Path app = f.sample("apps/app1");
    Instant epoch = Instant.ofEpochSecond(1_700_000_000);
    BuildReport first = f.build(f.request(app).withSourceDateEpoch(epoch));
    BuildReport cachedAgain = f.build(f.request(app).withSourceDateEpoch(epoch));
    BuildReport fresh = f.build(f.request(app).withSourceDateEpoch(epoch).withNoCache(true));
    assertThat(cached(cachedAgain)).containsOnly(true);
    assertThat(cached(fresh)).containsOnly(false);
    assertThat(fresh.imageId()).isEqualTo(first.imageId()).isEqualTo(cachedAgain.imageId());
  }

  @Test
  void noCacheFilterRerunsOnlyTheNamedStage() throws Exception {
    Path app =
        f.context(
            "filter",
            "FROM strata/busybox AS deps\nRUN echo deps > /deps\n"
                + "FROM strata/busybox\nCOPY --from=deps /deps /deps\nRUN cat /deps\n",
            Map.of());
    f.build(app);
    BuildRequest filtered =
        new BuildRequest(
            PlanRequest.of(app),
            List.of(),
            false,
            Set.of("deps"),
            "gzip",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            "default",
            List.of(),
            java.util.Optional.empty(),
            Map.of(),
            List.of(),
            List.of());
    BuildReport report = f.build(filtered);
    assertThat(report.steps())
        .extracting(s -> s.stage() + ":" + s.cached())
        .containsExactly("deps:false", "1:true", "1:true");
  }

  @Test
  void theChrootExecutorBuildsTheSameImage() throws Exception {
    Path app = f.sample("apps/app1");
    Instant epoch = Instant.ofEpochSecond(1_700_000_000);
    BuildRequest runc = f.request(app).withSourceDateEpoch(epoch).withNoCache(true);
    BuildRequest chroot =
        new BuildRequest(
            runc.plan(),
            runc.tags(),
            true,
            Set.of(),
            "gzip",
            java.util.Optional.empty(),
            java.util.Optional.of("chroot"),
            "default",
            List.of(),
            java.util.Optional.of(epoch),
            Map.of(),
            List.of(),
            List.of());
    assertThat(f.build(chroot).imageId()).isEqualTo(f.build(runc).imageId());
  }

  @Test
  void baseImageOnbuildTriggersRunInTheChild() throws Exception {
    Path parent =
        f.context(
            "onbuild-parent",
            "FROM strata/busybox\nONBUILD RUN echo triggered > /trigger\n",
            Map.of());
    f.build(parent, "parent:1");
    Path child = f.context("onbuild-child", "FROM parent:1\nRUN test -f /trigger\n", Map.of());
    BuildReport report = f.build(child);
    assertThat(report.steps())
        .extracting(BuildReport.Step::instruction)
        .containsExactly("RUN echo triggered > /trigger", "RUN test -f /trigger");
  }

  @Test
  void overlayAndVfsBuildTheSameImage() throws Exception {
    Path app = f.sample("apps/app2");
    Instant epoch = Instant.ofEpochSecond(1_700_000_000);
    BuildReport overlay =
        f.build(
            f.request(app)
                .withSourceDateEpoch(epoch)
                .withNoCache(true)
                .withStorageDriver("overlay"));
    BuildReport vfs =
        f.build(
            f.request(app).withSourceDateEpoch(epoch).withNoCache(true).withStorageDriver("vfs"));
    assertThat(vfs.imageId()).isEqualTo(overlay.imageId());
  }

  @Test
  void failingRunStopsWithItsExitCodeAndLeavesNothingBehind() throws Exception {
    Path app =
        f.context(
            "fail",
            "FROM strata/busybox\nRUN echo about to fail && exit 3\nRUN echo never\n",
            Map.of());
    Set<String> before = f.blobs();
    assertThatThrownBy(() -> f.build(app))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith(
            "Dockerfile:2: RUN echo about to fail && exit 3: exited with code 3")
        .hasMessageContaining("about to fail")
        .satisfies(e -> assertThat(((StrataException) e).exitCode()).isEqualTo(3));
    assertThat(f.blobs()).isEqualTo(before);
    // The failed step left no cache entry: it runs again.
    assertThatThrownBy(() -> f.build(app)).isInstanceOf(StrataException.class);
    assertThat(f.events).anyMatch(e -> e instanceof BuildEvent.StepStarted);
  }

  @Test
  void aVfsStepFailingInTheTreeHandedOnLeavesNoSnapshotBehind() throws Exception {
    Path app =
        f.context(
            "handed-on",
            "FROM strata/busybox\nRUN echo one > /one\nRUN echo two > /two\nRUN cat /one /two && exit 4\n",
            Map.of());
    assertThatThrownBy(() -> f.build(f.request(app).withStorageDriver("vfs")))
        .isInstanceOf(StrataException.class)
        .satisfies(e -> assertThat(((StrataException) e).exitCode()).isEqualTo(4));
    // The steps before ran in one tree handed on; the first two are cached, the third runs again.
    Path fixed =
        f.context(
            "handed-on-fixed",
            "FROM strata/busybox\nRUN echo one > /one\nRUN echo two > /two\nRUN cat /one /two\n",
            Map.of());
    BuildReport report = f.build(f.request(fixed).withStorageDriver("vfs"));
    assertThat(cached(report)).containsExactly(true, true, false);
    assertThat(f.mountsUnderStore()).isFalse();
    // The open store's staging directory holds no snapshot, held or otherwise.
    try (java.util.stream.Stream<Path> tmp = Files.walk(f.root.resolve("tmp"), 2)) {
      assertThat(tmp.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("snapshot-"));
    }
    f.assertCheckClean();
  }

  @Test
  void multiStageCopiesFromAStageAndTargetSkipsWhatItDoesNotNeed() throws Exception {
    Path app =
        f.context(
            "multi",
            """
            FROM strata/busybox AS build
            RUN echo built > /artifact
            FROM strata/busybox AS unused
            RUN exit 1
            FROM strata/busybox
            COPY --from=build /artifact /artifact
            RUN test "$(cat /artifact)" = built
            """,
            Map.of());
    BuildReport report = f.build(app);
    assertThat(report.steps()).extracting(BuildReport.Step::stage).doesNotContain("unused");
    assertThat(report.steps()).hasSize(3);
  }

  @Test
  void runSeesEnvArgsWorkdirAndUser() throws Exception {
    Path app =
        f.context(
            "env",
            """
            FROM strata/busybox
            ARG GREETING=hello
            ENV TARGET=world
            USER app
            WORKDIR /work/dir
            RUN test "$GREETING $TARGET" = "hello world" && test "$(pwd)" = /work/dir \\
                && test "$(id -u)" = 1000 && test "$HOME" = /home/app && touch mine
            USER root
            RUN test "$(stat -c %u /work/dir/mine)" = 1000 && test "$(stat -c %u /work/dir)" = 1000
            """,
            Map.of());
    assertThat(cached(f.build(app))).containsOnly(false);
  }

  @Test
  void runMountsCacheSecretTmpfsAndBind() throws Exception {
    Path secret = dir.resolve("token.txt");
    Files.writeString(secret, "s3cr3t");
    Path app =
        f.context(
            "mounts",
            """
            FROM strata/busybox
            RUN --mount=type=cache,target=/cache echo run >> /cache/runs && cat /cache/runs | wc -l > /count
            RUN --mount=type=secret,id=token test "$(wc -c < /run/secrets/token)" -eq 6 && echo ok > /secret-seen
            RUN --mount=type=tmpfs,target=/scratch touch /scratch/x && test -f /scratch/x
            RUN --mount=type=bind,source=data,target=/data cp /data/in.txt /copied.txt
            """,
            Map.of("data/in.txt", "from the context"));
    BuildRequest request =
        f.request(app, "mounts").withSecrets(List.of("id=token,src=" + secret), Map.of());
    BuildReport report = f.build(request);
    assertThat(cached(report)).containsOnly(false);
    // The cache directory outlives the build: a --no-cache rebuild sees the first run's line.
    f.build(request.withNoCache(true));
    try (Images images = Images.open(f.root)) {
      Path out = dir.resolve("out");
      images.save("oci", out, List.of("mounts"));
      String all =
          Files.walk(out)
              .filter(Files::isRegularFile)
              .map(
                  p -> {
                    try {
                      return new String(
                          Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .reduce("", String::concat);
      assertThat(all).doesNotContain("s3cr3t");
    }
  }

  @Test
  void twoConcurrentBuildsOnOneRootBothSucceed() throws Exception {
    Path app1 = f.sample("apps/app1");
    Path app2 = f.sample("apps/app2");
    try (Builder second = Builder.open(f.root)) {
      CompletableFuture<BuildReport> a =
          CompletableFuture.supplyAsync(() -> build(f.builder, f.request(app1, "app1")));
      CompletableFuture<BuildReport> b =
          CompletableFuture.supplyAsync(() -> build(second, f.request(app2, "app2")));
      assertThat(a.get().steps()).hasSize(4);
      assertThat(b.get().steps()).hasSize(4);
    }
  }

  private static BuildReport build(Builder builder, BuildRequest request) {
    try {
      return builder.build(request, e -> {});
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
