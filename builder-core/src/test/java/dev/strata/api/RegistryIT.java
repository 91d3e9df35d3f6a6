package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.registry.FaultProxy;
import dev.strata.registry.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull against the real docker-registry: a built image round-trips into a fresh root with
 * the same digest, a second repository gets its blobs by cross-repository mount, a build in a fresh
 * root pulls its base on demand, and skopeo reads what strata pushes while strata pulls and builds
 * on what skopeo pushes.
 */
class RegistryIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static RegistryServer registry;
  static BuildFixture fixture;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start(shared.resolve("registry"), RegistryServer.Variant.OPEN);
    fixture = new BuildFixture(shared.resolve("build"));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    registry.close();
  }

  static RegistrySettings settings() {
    return RegistrySettings.defaults();
  }

  /** A two-layer image built on the busybox base, named {@code name} in the fixture's store. */
  static BuildReport built(String name, String marker) throws Exception {
    Path ctx =
        fixture.context(
            "ctx-" + marker,
            "FROM " + BuildFixture.BASE + "\nRUN echo " + marker + " > /marker\nCOPY f /f\n",
            Map.of("f", marker + "\n"));
    return fixture.build(ctx, name);
  }

  /** The blobs of image {@code name} in the fixture's store: its config and layers. */
  static int blobs(String name) {
    try (Images images = Images.open(fixture.root)) {
      return images.inspect(name).layers().size() + 1;
    }
  }

  @Test
  void pushedImagePullsIntoFreshRootWithTheSameDigest() throws Exception {
    String name = registry.host() + "/app:1";
    BuildReport report = built(name, "roundtrip");
    List<String> log = new java.util.ArrayList<>();
    String pushed;
    try (Images images = Images.open(fixture.root)) {
      pushed = images.push(name, Optional.empty(), settings(), log::add);
    }
    assertThat(pushed).isEqualTo(report.manifestDigest());
    assertThat(log).anyMatch(l -> l.endsWith(": pushed"));

    Path fresh = tmp.resolve("fresh");
    try (Images images = Images.open(fresh)) {
      LoadedImage pulled = images.pull(name, Optional.empty(), settings(), l -> {});
      assertThat(pulled.id()).isEqualTo(pushed);
      assertThat(pulled.names()).containsExactly(name);
      assertThat(images.inspect(name).id()).isEqualTo(pushed);
      // by digest too, and a second pull finds every blob present
      List<String> again = new java.util.ArrayList<>();
      LoadedImage byDigest =
          images.pull(registry.host() + "/app@" + pushed, Optional.empty(), settings(), again::add);
      assertThat(byDigest.id()).isEqualTo(pushed);
      assertThat(again)
          .isNotEmpty()
          .allMatch(l -> l.contains("already exists") || l.startsWith("Digest:"));
    }
    RegistryImages.assertClean(fresh);

    // pushing again skips every blob the registry has (HEAD)
    List<String> second = new java.util.ArrayList<>();
    try (Images images = Images.open(fixture.root)) {
      images.push(name, Optional.empty(), settings(), second::add);
    }
    assertThat(second).filteredOn(l -> l.endsWith("already exists")).hasSize(blobs(name));
  }

  @Test
  void secondRepositoryGetsBlobsByCrossRepositoryMount() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry.host())) {
      String a = proxy.host() + "/mount/a:1";
      String b = proxy.host() + "/mount/b:1";
      built(a, "mount");
      try (Images images = Images.open(fixture.root)) {
        images.push(a, Optional.empty(), settings(), l -> {});
        proxy.clear();
        List<String> log = new java.util.ArrayList<>();
        images.push(a, Optional.of(b), settings(), log::add);
        assertThat(log).filteredOn(l -> l.contains("mounted from mount/a")).hasSize(blobs(a));
      }
      List<String> requests = proxy.requests();
      assertThat(requests)
          .filteredOn(r -> r.startsWith("POST /v2/mount/b/blobs/uploads/?mount=sha256%3A"))
          .hasSize(blobs(a))
          .allMatch(r -> r.endsWith("&from=mount%2Fa"));
      assertThat(requests).noneMatch(r -> r.startsWith("PUT /v2/mount/b/blobs/"));
      assertThat(requests).noneMatch(r -> r.startsWith("PATCH "));
    }
  }

  @Test
  void buildInFreshRootPullsItsBaseOnDemand() throws Exception {
    String base = registry.host() + "/base:1";
    BuildReport baseReport = built(base, "base");
    try (Images images = Images.open(fixture.root)) {
      images.push(base, Optional.empty(), settings(), l -> {});
    }
    Path fresh = tmp.resolve("fresh");
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN cat /marker /f > /both\n");
    try (Builder builder = Builder.open(fresh).withRegistry(settings(), false)) {
      List<BuildEvent> events = new java.util.ArrayList<>();
      BuildReport first =
          builder.build(BuildRequest.of(PlanRequest.of(ctx), "child:1"), events::add);
      assertThat(events).contains(new BuildEvent.BasePulled(base, baseReport.manifestDigest()));
      BuildReport again = builder.build(BuildRequest.of(PlanRequest.of(ctx), "child:1"), e -> {});
      assertThat(again.imageId()).isEqualTo(first.imageId());
    }
    try (Images images = Images.open(fresh)) {
      assertThat(images.inspect(base).id()).isEqualTo(baseReport.manifestDigest());
      Path out = tmp.resolve("rootfs");
      images.exportRootfs("child:1", out);
      assertThat(Files.readString(out.resolve("both"))).isEqualTo("base\nbase\n");
    }
    RegistryImages.assertClean(fresh);
  }

  @Test
  void skopeoReadsWhatStrataPushesAndStrataBuildsOnWhatSkopeoPushes() throws Exception {
    String name = registry.host() + "/interop:1";
    BuildReport report = built(name, "interop");
    try (Images images = Images.open(fixture.root)) {
      images.push(name, Optional.empty(), settings(), l -> {});
      images.save("oci", tmp.resolve("layout"), List.of(name));
    }
    JsonNode inspect =
        JSON.readTree(
            RegistryImages.run(tmp, "skopeo", "inspect", "--tls-verify=false", "docker://" + name));
    assertThat(inspect.path("Digest").asText()).isEqualTo(report.manifestDigest());
    assertThat(inspect.path("Layers")).hasSize(blobs(name) - 1);
    RegistryImages.run(
        tmp,
        "skopeo",
        "copy",
        "--src-tls-verify=false",
        "docker://" + name,
        "oci:" + tmp.resolve("copied") + ":x");
    assertThat(Files.exists(tmp.resolve("copied/index.json"))).isTrue();

    // skopeo pushes the OCI layout strata saved, as Docker schema 2; strata pulls it and builds on
    // it
    String fromSkopeo = registry.host() + "/from-skopeo:v2s2";
    RegistryImages.run(
        tmp,
        "skopeo",
        "copy",
        "--dest-tls-verify=false",
        "--format",
        "v2s2",
        "oci:" + tmp.resolve("layout"),
        "docker://" + fromSkopeo);
    Path fresh = tmp.resolve("fresh");
    try (Images images = Images.open(fresh)) {
      LoadedImage pulled = images.pull(fromSkopeo, Optional.empty(), settings(), l -> {});
      assertThat(pulled.id()).isNotEqualTo(report.manifestDigest()); // Docker media types now
    }
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Dockerfile"), "FROM " + fromSkopeo + "\nRUN cat /marker > /copy\n");
    try (Builder builder = Builder.open(fresh).withRegistry(settings(), false)) {
      builder.build(BuildRequest.of(PlanRequest.of(ctx), "on-skopeo:1"), e -> {});
    }
    try (Images images = Images.open(fresh)) {
      Path out = tmp.resolve("rootfs");
      images.exportRootfs("on-skopeo:1", out);
      assertThat(Files.readString(out.resolve("copy"))).isEqualTo("interop\n");
    }
    RegistryImages.assertClean(fresh);
  }

  @Test
  void pullPicksThePlatformFromAnIndex() throws Exception {
    Path source = tmp.resolve("source");
    String amd, arm;
    try (Images images = Images.open(source)) {
      amd =
          images
              .importTarball(
                  RegistryImages.tarball(tmp, "amd", 50_000, 1), registry.host() + "/multi:amd")
              .id();
      arm =
          images
              .importTarball(
                  RegistryImages.tarball(tmp, "arm", 50_000, 2), registry.host() + "/multi:arm")
              .id();
      images.push(registry.host() + "/multi:amd", Optional.empty(), settings(), l -> {});
      images.push(registry.host() + "/multi:arm", Optional.empty(), settings(), l -> {});
    }
    dev.strata.registry.RegistryClient client =
        new dev.strata.registry.RegistryClient(dev.strata.registry.RegistryOptions.defaults());
    dev.strata.image.ImageName repo = dev.strata.image.ImageName.parse(registry.host() + "/multi");
    java.util.List<dev.strata.image.Descriptor> children = new java.util.ArrayList<>();
    for (String[] p : new String[][] {{amd, "amd64"}, {arm, "arm64"}}) {
      dev.strata.registry.FetchedManifest m =
          client.fetchManifest(repo, p[0], dev.strata.Digest.parse(p[0]));
      children.add(m.descriptor().withPlatform(new dev.strata.image.Platform("linux", p[1], null)));
    }
    byte[] index =
        dev.strata.image.Index.of(dev.strata.image.MediaTypes.OCI_INDEX, children).toJson();
    String indexDigest =
        client.pushManifest(repo, "all", dev.strata.image.MediaTypes.OCI_INDEX, index).toString();

    Path armRoot = tmp.resolve("arm-root");
    try (Images images = Images.open(armRoot)) {
      LoadedImage pulled =
          images.pull(
              registry.host() + "/multi:all", Optional.of("linux/arm64"), settings(), l -> {});
      assertThat(pulled.id()).isEqualTo(indexDigest);
    }
    assertThat(blob(armRoot, arm)).exists();
    assertThat(blob(armRoot, amd)).doesNotExist();
    RegistryImages.assertClean(armRoot);

    Path hostRoot = tmp.resolve("host-root");
    try (Images images = Images.open(hostRoot)) {
      images.pull(registry.host() + "/multi:all", Optional.empty(), settings(), l -> {});
    }
    assertThat(blob(hostRoot, amd)).exists();
    assertThat(blob(hostRoot, arm)).doesNotExist();

    try (Images images = Images.open(tmp.resolve("none"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  images.pull(
                      registry.host() + "/multi:all",
                      Optional.of("linux/s390x"),
                      settings(),
                      l -> {}))
          .hasMessageStartingWith(
              "cannot pull "
                  + registry.host()
                  + "/multi:all: "
                  + registry.host()
                  + "/multi has no image for platform linux/s390x");
    }
  }

  static Path blob(Path root, String digest) {
    return root.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  @Test
  void buildPullSeesAMovedTagAndOtherwiseKeepsTheStoredBase() throws Exception {
    String base = registry.host() + "/moving:1";
    Path source = tmp.resolve("source");
    String first, second;
    try (Images images = Images.open(source)) {
      first = images.importTarball(RegistryImages.tarball(tmp, "one", 10_000, 11), base).id();
      images.push(base, Optional.empty(), settings(), l -> {});
    }
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nLABEL x=y\n");
    Path fresh = tmp.resolve("fresh");
    try (Builder builder = Builder.open(fresh).withRegistry(settings(), false)) {
      builder.build(BuildRequest.of(PlanRequest.of(ctx), "moved:1"), e -> {});
    }
    try (Images images = Images.open(source)) {
      second = images.importTarball(RegistryImages.tarball(tmp, "two", 10_000, 12), base).id();
      images.push(base, Optional.empty(), settings(), l -> {});
    }
    assertThat(second).isNotEqualTo(first);
    try (Builder builder = Builder.open(fresh).withRegistry(settings(), false)) {
      builder.build(BuildRequest.of(PlanRequest.of(ctx), "moved:1"), e -> {});
    }
    try (Images images = Images.open(fresh)) {
      assertThat(images.inspect(base).id()).isEqualTo(first);
    }
    try (Builder builder = Builder.open(fresh).withRegistry(settings(), true)) {
      builder.build(BuildRequest.of(PlanRequest.of(ctx), "moved:1"), e -> {});
    }
    try (Images images = Images.open(fresh)) {
      assertThat(images.inspect(base).id()).isEqualTo(second);
      images.exportRootfs("moved:1", tmp.resolve("moved-rootfs"));
      assertThat(Files.readString(tmp.resolve("moved-rootfs/data/name.txt")))
          .isEqualTo("image two\n");
    }
    RegistryImages.assertClean(fresh);
  }
}
