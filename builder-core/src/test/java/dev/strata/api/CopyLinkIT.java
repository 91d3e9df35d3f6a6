package dev.strata.api;

import static dev.strata.api.BuildFixture.BASE;
import static dev.strata.api.BuildFixture.cached;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code COPY --link} as BuildKit makes it: the files are copied into an empty tree and the diff is
 * stacked on the parent, so the layer does not depend on the parent and is reused when an earlier
 * step changes.
 */
class CopyLinkIT {
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  @TempDir Path tmp;
  BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static String dockerfile(String marker) {
    return dockerfile(marker, "COPY");
  }

  private static String dockerfile(String marker, String instruction) {
    return "FROM "
        + BASE
        + "\nRUN echo "
        + marker
        + " > /marker\n"
        + instruction
        + " --link src/ /app/\nRUN test \"$(cat /app/a.txt)\" = hello && cat"
        + " /marker /app/a.txt > /seen\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void aLinkLayerIsReusedWhenAnEarlierStepChanges(String driver) throws Exception {
    Path ctx = f.context("app", dockerfile("one"), Map.of("src/a.txt", "hello"));
    BuildReport first =
        f.build(f.request(ctx, "app").withStorageDriver(driver).withSourceDateEpoch(EPOCH));
    assertThat(cached(first)).containsExactly(false, false, false);

    Files.writeString(ctx.resolve("Dockerfile"), dockerfile("two"));
    BuildReport second =
        f.build(f.request(ctx, "app").withStorageDriver(driver).withSourceDateEpoch(EPOCH));
    // The RUN before it changed; the --link layer is the same and does not run again.
    assertThat(cached(second)).containsExactly(false, true, false);
    assertThat(second.steps().get(1).layerDigest()).isEqualTo(first.steps().get(1).layerDigest());
    assertThat(second.steps().get(1).missReason()).isNull();

    // What the reuse gave is what running everything gives.
    BuildReport fresh =
        f.build(
            f.request(ctx, "fresh")
                .withStorageDriver(driver)
                .withSourceDateEpoch(EPOCH)
                .withNoCache(true));
    assertThat(fresh.imageId()).isEqualTo(second.imageId());

    // And the step is a plain hit from now on.
    BuildReport third =
        f.build(f.request(ctx, "app").withStorageDriver(driver).withSourceDateEpoch(EPOCH));
    assertThat(cached(third)).containsExactly(true, true, true);
    assertThat(f.mountsUnderStore()).isFalse();
    f.assertCheckClean();
  }

  @org.junit.jupiter.api.Test
  void addWithLinkIsReusedToo() throws Exception {
    Path ctx = f.context("add", dockerfile("one", "ADD"), Map.of("src/a.txt", "hello"));
    BuildReport first = f.build(f.request(ctx, "add").withSourceDateEpoch(EPOCH));
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile("two", "ADD"));
    BuildReport second = f.build(f.request(ctx, "add").withSourceDateEpoch(EPOCH));
    assertThat(cached(second)).containsExactly(false, true, false);
    assertThat(second.steps().get(1).layerDigest()).isEqualTo(first.steps().get(1).layerDigest());
    f.assertCheckClean();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "vfs"})
  void aLinkCopyDoesNotFollowALinkAtItsDestination(String driver) throws Exception {
    Path ctx =
        f.context(
            "links",
            "FROM "
                + BASE
                + "\nRUN mkdir -p /opt/real && ln -s /opt/real /app\n"
                + "COPY a.txt /plain/\n"
                + "COPY --link a.txt /app/\n"
                + "RUN test -d /app && test ! -L /app && test -f /app/a.txt"
                + " && test ! -e /opt/real/a.txt\n",
            Map.of("a.txt", "hello"));
    BuildReport report = f.build(f.request(ctx, "links").withStorageDriver(driver));
    assertThat(cached(report)).containsExactly(false, false, false, false);
    f.assertCheckClean();
  }
}
