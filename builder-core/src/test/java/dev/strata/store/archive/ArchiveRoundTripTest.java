package dev.strata.store.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import dev.strata.layer.Compression;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Import, save and load in every format, and what each keeps. */
class ArchiveRoundTripTest {
  static final ImageReference APP = ImageReference.parse("app:1.0");
  static final RootfsImporter.Options OPTIONS =
      new RootfsImporter.Options(
          Instant.parse("2024-05-06T07:08:09Z"), Platform.parse("linux/amd64"));

  @TempDir Path tmp;
  Store store;
  Store other;

  @BeforeEach
  void open() {
    store = Store.open(tmp.resolve("store"));
    other = Store.open(tmp.resolve("other"));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    other.close();
  }

  private LoadedImage importRootfs(Store s) throws IOException {
    Path file = Files.write(tmp.resolve("rootfs.tar"), ArchiveTar.rootfs());
    return new RootfsImporter(s).importTarball(file, APP, OPTIONS);
  }

  private ResolvedImage resolved(Store s, Digest id) throws IOException {
    return ResolvedImage.read(s.blobs(), id, Platform.parse("linux/amd64"));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void importKeepsTheTarSoTheDiffIdIsItsHash(Compression c) throws IOException {
    byte[] tar = ArchiveTar.rootfs();
    byte[] file =
        switch (c) {
          case GZIP -> ArchiveTar.gzip(tar);
          case ZSTD -> ArchiveTar.zstd(tar);
          case NONE -> tar;
        };
    Path input = Files.write(tmp.resolve("rootfs"), file);
    LoadedImage image = new RootfsImporter(store).importTarball(input, APP, OPTIONS);

    assertThat(image.names()).containsExactly(APP.withDefaultTag());
    assertThat(store.images().lookup(APP)).contains(image.id());
    ResolvedImage r = resolved(store, image.id());
    assertThat(r.config().diffIds()).containsExactly(Digest.sha256(tar));
    assertThat(r.config().created()).isEqualTo(OPTIONS.created());
    assertThat(r.config().history())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.comment()).isEqualTo("Imported from rootfs");
              assertThat(h.emptyLayer()).isFalse();
            });
    Descriptor layer = r.manifest().layers().get(0);
    assertThat(layer.mediaType())
        .isEqualTo(c == Compression.ZSTD ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER_GZIP);
    if (c != Compression.NONE) {
      assertThat(store.blobs().readAllBytes(layer.digest())).isEqualTo(file);
    }
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void ociLayoutRoundTripKeepsTheImageIdAndNameAndValidates() throws IOException {
    LoadedImage image = importRootfs(store);
    Path layout = tmp.resolve("layout");
    new ImageSaver(store).save(ArchiveFormat.OCI, layout, List.of(new SaveItem(image.id(), APP)));

    assertThat(OciLayouts.violations(layout)).isEmpty();
    Descriptor entry = OciLayouts.readIndex(layout).manifests().get(0);
    assertThat(entry.digest()).isEqualTo(image.id());
    assertThat(entry.platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(entry.annotations())
        .containsEntry(OciLayoutReader.REF_NAME, "docker.io/library/app:1.0")
        .containsEntry(OciLayoutReader.CONTAINERD_NAME, "docker.io/library/app:1.0");

    List<LoadedImage> loaded = new ImageLoader(other).load(layout);
    assertThat(loaded).containsExactly(image);
    assertThat(other.images().lookup(APP)).contains(image.id());
    assertThat(other.check(false).clean()).isTrue();
  }

  @Test
  void ociArchiveRoundTripIsDeterministic() throws IOException {
    LoadedImage image = importRootfs(store);
    Path a = tmp.resolve("a.tar");
    Path b = tmp.resolve("b.tar");
    List<SaveItem> items = List.of(new SaveItem(image.id(), APP));
    new ImageSaver(store).save(ArchiveFormat.OCI_ARCHIVE, a, items);
    new ImageSaver(store).save(ArchiveFormat.OCI_ARCHIVE, b, items);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

    assertThat(new ImageLoader(other).load(a)).containsExactly(image);
    assertThat(StoreState.listing(tmp)).noneMatch(n -> n.contains(".strata-"));
  }

  @Test
  void dockerArchiveRoundTripKeepsConfigAndDiffIds() throws IOException {
    LoadedImage image = importRootfs(store);
    Path archive = tmp.resolve("docker.tar");
    new ImageSaver(store)
        .save(ArchiveFormat.DOCKER_ARCHIVE, archive, List.of(new SaveItem(image.id(), APP)));

    LoadedImage loaded = new ImageLoader(other).load(archive).get(0);
    assertThat(loaded.names()).containsExactly(APP.withDefaultTag());
    ResolvedImage before = resolved(store, image.id());
    ResolvedImage after = resolved(other, loaded.id());
    assertThat(after.manifest().config().digest()).isEqualTo(before.manifest().config().digest());
    assertThat(after.config().diffIds()).isEqualTo(before.config().diffIds());
    assertThat(after.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    // docker-archive layers are plain tars, stored as they are
    assertThat(after.manifest().layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER);
    assertThat(after.manifest().layers().get(0).digest())
        .isEqualTo(before.config().diffIds().get(0));
  }

  @Test
  void dockerImagesAreSavedAsOciManifestsWithTheSameConfigAndLayers() throws IOException {
    LoadedImage image = importRootfs(store);
    Path archive = tmp.resolve("docker.tar");
    new ImageSaver(store)
        .save(ArchiveFormat.DOCKER_ARCHIVE, archive, List.of(new SaveItem(image.id(), APP)));
    LoadedImage docker = new ImageLoader(other).load(archive).get(0);

    Path layout = tmp.resolve("layout");
    new ImageSaver(other).save(ArchiveFormat.OCI, layout, List.of(new SaveItem(docker.id(), null)));
    assertThat(OciLayouts.violations(layout)).isEmpty();
    Descriptor entry = OciLayouts.readIndex(layout).manifests().get(0);
    assertThat(entry.annotations()).isEmpty();
    Manifest m = OciLayouts.readManifest(layout, entry.digest());
    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
    assertThat(m.layers()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.OCI_LAYER);
    ResolvedImage original = resolved(other, docker.id());
    assertThat(m.config().digest()).isEqualTo(original.manifest().config().digest());
  }

  @Test
  void gzipCompressedDockerArchivesLoad() throws IOException {
    LoadedImage image = importRootfs(store);
    Path archive = tmp.resolve("docker.tar");
    new ImageSaver(store)
        .save(ArchiveFormat.DOCKER_ARCHIVE, archive, List.of(new SaveItem(image.id(), APP)));
    Path gz =
        Files.write(tmp.resolve("docker.tar.gz"), ArchiveTar.gzip(Files.readAllBytes(archive)));
    assertThat(new ImageLoader(other).load(gz))
        .singleElement()
        .satisfies(l -> assertThat(l.names()).containsExactly(APP.withDefaultTag()));
  }

  @Test
  void legacyDockerArchivesWithLinkedLayersLoad() throws IOException {
    byte[] layer = new ArchiveTar().file("hello", "world\n").tar();
    ImageConfig config =
        ImageConfig.empty(Platform.parse("linux/amd64"))
            .withLayer(
                Digest.sha256(layer), new dev.strata.image.History(null, null, "x", null, false));
    byte[] configJson = config.toJson();
    String configName = Digest.sha256(configJson).encoded() + ".json";
    String manifest =
        "[{\"Config\":\""
            + configName
            + "\",\"RepoTags\":[\"one:latest\"],\"Layers\":[\"aaa/layer.tar\"]},"
            + "{\"Config\":\""
            + configName
            + "\",\"RepoTags\":[\"two:latest\"],\"Layers\":[\"bbb/layer.tar\"]}]";
    byte[] archive =
        new ArchiveTar()
            .dir("aaa")
            .file("aaa/layer.tar", 0644, layer)
            .dir("bbb")
            .symlink("bbb/layer.tar", "../aaa/layer.tar")
            .file(configName, 0644, configJson)
            .file("manifest.json", manifest)
            .file("repositories", "{}")
            .tar();
    Path file = Files.write(tmp.resolve("legacy.tar"), archive);
    List<LoadedImage> loaded = new ImageLoader(store).load(file);
    assertThat(loaded).hasSize(2);
    assertThat(loaded.get(0).id()).isEqualTo(loaded.get(1).id());
    assertThat(store.images().lookup(ImageReference.parse("two"))).contains(loaded.get(0).id());
  }

  @Test
  void unnamedImagesLoadAsDanglingImages() throws IOException {
    Path layout = OciLayouts.write(tmp.resolve("layout"), null, List.of(ArchiveTar.rootfs()));
    LoadedImage image = new ImageLoader(store).load(layout).get(0);
    assertThat(image.names()).isEmpty();
    assertThat(store.images().get(image.id()))
        .hasValueSatisfying(e -> assertThat(e.dangling()).isTrue());
  }

  @Test
  void anIndexLoadsWithThePresentManifestsAndSavesWithoutTheMissingOnes() throws IOException {
    Path layout = OciLayouts.write(tmp.resolve("layout"), null, List.of(ArchiveTar.rootfs()));
    Descriptor present =
        OciLayouts.readIndex(layout).manifests().get(0).withPlatform(Platform.parse("linux/amd64"));
    Descriptor absent =
        new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("elsewhere"), 500)
            .withPlatform(Platform.parse("linux/arm64"));
    Descriptor index =
        OciLayouts.blob(
            layout,
            MediaTypes.OCI_INDEX,
            Index.of(MediaTypes.OCI_INDEX, List.of(absent, present)).toJson());
    OciLayouts.index(
        layout, List.of(index.withAnnotations(Map.of(OciLayoutReader.REF_NAME, "multi:1"))));

    LoadedImage image = new ImageLoader(store).load(layout).get(0);
    assertThat(image.id()).isEqualTo(index.digest());
    assertThat(resolved(store, image.id()).manifestDescriptor().digest())
        .isEqualTo(present.digest());
    assertThat(store.check(false).clean()).isTrue();

    Path out = tmp.resolve("out");
    new ImageSaver(store).save(ArchiveFormat.OCI, out, List.of(new SaveItem(image.id(), null)));
    assertThat(OciLayouts.violations(out)).isEmpty();
    Descriptor saved = OciLayouts.readIndex(out).manifests().get(0);
    Index rewritten =
        Index.parse(Files.readAllBytes(out.resolve(OciLayoutReader.blobName(saved.digest()))), "i");
    assertThat(rewritten.manifests())
        .extracting(Descriptor::digest)
        .containsExactly(present.digest());

    Path docker = tmp.resolve("docker.tar");
    new ImageSaver(store)
        .save(ArchiveFormat.DOCKER_ARCHIVE, docker, List.of(new SaveItem(image.id(), null)));
    assertThat(new ImageLoader(other).load(docker)).hasSize(1);
  }

  @Test
  void savingIntoANonEmptyDirectoryIsRefusedAndLeavesItAlone() throws IOException {
    LoadedImage image = importRootfs(store);
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep"), "mine");
    assertThatThrownBy(
            () ->
                new ImageSaver(store)
                    .save(ArchiveFormat.OCI, dir, List.of(new SaveItem(image.id(), APP))))
        .isInstanceOf(StrataException.class)
        .hasMessage("cannot save to " + dir + ": the directory is not empty");
    assertThat(StoreState.listing(dir)).containsExactly("", "keep");
    assertThat(StoreState.listing(tmp)).noneMatch(n -> n.contains(".strata-"));
  }

  @Test
  void savingOverAnArchiveReplacesIt() throws IOException {
    LoadedImage image = importRootfs(store);
    Path file = Files.writeString(tmp.resolve("out.tar"), "old", StandardCharsets.UTF_8);
    new ImageSaver(store)
        .save(ArchiveFormat.OCI_ARCHIVE, file, List.of(new SaveItem(image.id(), APP)));
    assertThat(new ImageLoader(other).load(file)).containsExactly(image);
  }
}
