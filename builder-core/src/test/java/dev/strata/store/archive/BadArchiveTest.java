package dev.strata.store.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import dev.strata.store.LayerDir;
import dev.strata.store.LayerExtractor;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point 6 of the images issue: bad and hostile input is refused with one line naming what and
 * where, the store keeps nothing of it (and checks clean), and nothing outside the target is
 * touched. Hostile layers that are well-formed tars load, and extract confined.
 */
class BadArchiveTest {
  static final ImageReference BAD = ImageReference.parse("bad:1");

  @TempDir Path tmp;
  Store store;
  Path outside;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(tmp.resolve("store"));
    Path base = Files.write(tmp.resolve("base.tar"), ArchiveTar.rootfs());
    new RootfsImporter(store)
        .importTarball(base, ImageReference.parse("base"), RootfsImporter.Options.defaults());
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("sentinel"), "untouched");
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private interface Action {
    void run() throws IOException;
  }

  /** Runs {@code action}, which must fail with a one-line message holding {@code fragments}. */
  private void assertRefused(Action action, String... fragments) throws IOException {
    StoreState before = StoreState.of(store);
    List<String> outsideBefore = StoreState.listing(outside);
    StrataException e = catchThrowableOfType(StrataException.class, action::run);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n").contains(fragments);
    assertThat(StoreState.of(store)).isEqualTo(before);
    assertThat(store.check(false).findings()).isEmpty();
    assertThat(StoreState.listing(outside)).isEqualTo(outsideBefore);
    assertThat(Files.readString(outside.resolve("sentinel"))).isEqualTo("untouched");
  }

  private void refuseImport(byte[] content, String... fragments) throws IOException {
    Path file = Files.write(tmp.resolve("input"), content);
    assertRefused(
        () -> new RootfsImporter(store).importTarball(file, BAD, RootfsImporter.Options.defaults()),
        concat("cannot import " + file + ": ", fragments));
  }

  private void refuseLoad(Path path, String... fragments) throws IOException {
    assertRefused(
        () -> new ImageLoader(store).load(path), concat("cannot load " + path + ": ", fragments));
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static byte[] cut(byte[] b, int keep) {
    return Arrays.copyOf(b, keep);
  }

  private static byte[] flipMiddle(byte[] b) {
    byte[] c = b.clone();
    for (int i = c.length / 2; i < c.length / 2 + 8; i++) {
      c[i] ^= (byte) 0x5a;
    }
    return c;
  }

  private static byte[] bigTar() {
    byte[] data = new byte[200_000];
    new java.util.Random(7).nextBytes(data);
    return new ArchiveTar().file("blob", 0644, data).file("after", "x").tar();
  }

  // ---- import ----

  @Test
  void importRefusesATruncatedTar() throws IOException {
    byte[] tar = bigTar();
    refuseImport(cut(tar, tar.length / 2), "input");
  }

  @Test
  void importRefusesCorruptAndTruncatedGzip() throws IOException {
    byte[] gz = ArchiveTar.gzip(bigTar());
    refuseImport(flipMiddle(gz), "input");
    refuseImport(cut(gz, gz.length - 30), "input");
  }

  @Test
  void importRefusesCorruptAndTruncatedZstd() throws IOException {
    byte[] z = ArchiveTar.zstd(bigTar());
    refuseImport(flipMiddle(z), "input");
    refuseImport(cut(z, z.length - 30), "input");
  }

  @Test
  void importRefusesNamesThatClimbOut() throws IOException {
    refuseImport(new ArchiveTar().file("../evil", "x").tar(), "../evil", "climbs out");
  }

  @Test
  void importRefusesHardLinksThatClimbOut() throws IOException {
    refuseImport(new ArchiveTar().hardlink("passwd", "../../etc/passwd").tar(), "climbs out");
  }

  @Test
  void importRefusesMalformedWhiteouts() throws IOException {
    refuseImport(new ArchiveTar().file(".wh..", "").tar(), "whiteout");
  }

  @Test
  void importRefusesAnOversizedPaxHeader() throws IOException {
    TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
    e.addPaxHeader("comment", "x".repeat(2 << 20));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.putArchiveEntry(e);
      out.closeArchiveEntry();
    }
    refuseImport(bytes.toByteArray(), "input");
  }

  @Test
  void importRefusesEmptyMissingAndNonTarFiles() throws IOException {
    refuseImport(new byte[0], "the file is empty");
    refuseImport(
        "just some text, not a tar at all\n".repeat(40).getBytes(StandardCharsets.UTF_8), "input");
    Path missing = tmp.resolve("missing.tar");
    assertRefused(
        () ->
            new RootfsImporter(store)
                .importTarball(missing, BAD, RootfsImporter.Options.defaults()),
        "cannot import " + missing,
        "no such file");
  }

  // ---- OCI layouts and archives ----

  private Path layout() throws IOException {
    return OciLayouts.write(tmp.resolve("layout"), "bad:1", List.of(bigTar()));
  }

  private Manifest manifestOf(Path layout) throws IOException {
    return OciLayouts.readManifest(
        layout, OciLayouts.readIndex(layout).manifests().get(0).digest());
  }

  private static Path blobFile(Path layout, Digest d) {
    return layout.resolve(OciLayoutReader.blobName(d));
  }

  @Test
  void loadRefusesALayerBlobThatDoesNotMatchItsDigest() throws IOException {
    Path layout = layout();
    Digest layer = manifestOf(layout).layers().get(0).digest();
    byte[] b = Files.readAllBytes(blobFile(layout, layer));
    Files.write(blobFile(layout, layer), flipMiddle(b));
    refuseLoad(layout, "blob " + layer, "content hashes to");
  }

  @Test
  void loadRefusesATamperedConfig() throws IOException {
    Path layout = layout();
    Digest config = manifestOf(layout).config().digest();
    String json = Files.readString(blobFile(layout, config));
    Files.writeString(blobFile(layout, config), json.replace("amd64", "arm64"));
    refuseLoad(layout, "image config " + config, "content hashes to");
  }

  @Test
  void loadRefusesAMissingBlob() throws IOException {
    Path layout = layout();
    Digest layer = manifestOf(layout).layers().get(0).digest();
    Files.delete(blobFile(layout, layer));
    refuseLoad(layout, "has no file blobs/sha256/" + layer.encoded());
  }

  @Test
  void loadRefusesMalformedAndOversizedIndexJson() throws IOException {
    Path layout = layout();
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\": 2, \"manifests\": [");
    refuseLoad(layout, "invalid index.json in " + layout);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[]" + " ".repeat(5 << 20) + "}");
    refuseLoad(layout, "index.json in " + layout, "more than the limit");
  }

  @Test
  void loadRefusesAWrongLayoutVersionAndMissingLayoutFile() throws IOException {
    Path layout = layout();
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"9.9.9\"}");
    refuseLoad(layout, "unsupported OCI layout version \"9.9.9\"");
    Files.delete(layout.resolve("oci-layout"));
    refuseLoad(layout, "it has no oci-layout file");
  }

  @Test
  void loadRefusesUnknownMediaTypes() throws IOException {
    Path layout = layout();
    Descriptor entry = OciLayouts.readIndex(layout).manifests().get(0);
    OciLayouts.index(layout, List.of(entry.withMediaType("application/vnd.example.thing+json")));
    refuseLoad(layout, "unsupported media type application/vnd.example.thing+json", "entry 1");

    Path other = tmp.resolve("layout2");
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    Descriptor layer = OciLayouts.blob(other, "application/vnd.example.layer", tar);
    OciLayouts.writeImage(other, "bad:1", List.of(layer), List.of(Digest.sha256(tar)));
    refuseLoad(
        other, "layer " + layer.digest(), "unsupported media type application/vnd.example.layer");
  }

  @Test
  void loadRefusesALayerThatDoesNotUnpackToItsDiffId() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    Descriptor layer = OciLayouts.blob(dir, MediaTypes.OCI_LAYER_GZIP, ArchiveTar.gzip(tar));
    Digest wrong = Digest.sha256("something else");
    OciLayouts.writeImage(dir, "bad:1", List.of(layer), List.of(wrong));
    refuseLoad(dir, "unpacks to diff id " + Digest.sha256(tar), "lists " + wrong);
  }

  @Test
  void loadRefusesALayerWhoseCompressionIsNotItsMediaTypes() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    Descriptor layer = OciLayouts.blob(dir, MediaTypes.OCI_LAYER_GZIP, ArchiveTar.zstd(tar));
    OciLayouts.writeImage(dir, "bad:1", List.of(layer), List.of(Digest.sha256(tar)));
    refuseLoad(dir, "is zstd-compressed but its media type");
  }

  @Test
  void loadRefusesCorruptGzipInALayer() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = bigTar();
    Descriptor layer =
        OciLayouts.blob(dir, MediaTypes.OCI_LAYER_GZIP, flipMiddle(ArchiveTar.gzip(tar)));
    OciLayouts.writeImage(dir, "bad:1", List.of(layer), List.of(Digest.sha256(tar)));
    refuseLoad(dir, "layer " + layer.digest());
  }

  @Test
  void loadRefusesLayersWhoseNamesClimbOut() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = new ArchiveTar().file("../../outside/pwned", "x").tar();
    Descriptor layer = OciLayouts.blob(dir, MediaTypes.OCI_LAYER, tar);
    OciLayouts.writeImage(dir, "bad:1", List.of(layer), List.of(Digest.sha256(tar)));
    refuseLoad(dir, "climbs out");
    assertThat(outside.resolve("pwned")).doesNotExist();
  }

  @Test
  void loadRefusesASymlinkedBlobThatLeavesTheLayout() throws IOException {
    Path layout = layout();
    Digest layer = manifestOf(layout).layers().get(0).digest();
    Path secret =
        Files.write(outside.resolve("secret"), Files.readAllBytes(blobFile(layout, layer)));
    Files.delete(blobFile(layout, layer));
    Files.createSymbolicLink(blobFile(layout, layer), secret);
    // Resolved as if chrooted into the layout, the link names a file that is not there.
    refuseLoad(layout, "has no file blobs/sha256/" + layer.encoded());
    Files.delete(secret);
  }

  @Test
  void loadRefusesATruncatedOciArchive() throws IOException {
    Path layout = layout();
    ArchiveTar t =
        new ArchiveTar().file("oci-layout", Files.readString(layout.resolve("oci-layout")));
    t.file("index.json", Files.readString(layout.resolve("index.json")));
    try (var s = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path p : s.sorted().toList()) {
        t.file("blobs/sha256/" + p.getFileName(), 0644, Files.readAllBytes(p));
      }
    }
    byte[] tar = t.tar();
    Path file = Files.write(tmp.resolve("archive.tar"), cut(tar, tar.length - 100_000));
    refuseLoad(file);
  }

  @Test
  void loadRefusesFilesThatAreNoArchive() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "hello\n".repeat(400));
    refuseLoad(file);
    Path tar = Files.write(tmp.resolve("plain.tar"), new ArchiveTar().file("a", "b").tar());
    refuseLoad(tar, "neither an OCI archive", "nor a docker-archive");
    refuseLoad(tmp.resolve("missing"), "no such file or directory");
  }

  // ---- docker-archive ----

  private record DockerParts(byte[] layer, byte[] config, String configName) {}

  private static DockerParts dockerParts() {
    byte[] layer = new ArchiveTar().file("hello", "world\n").tar();
    byte[] config =
        ImageConfig.empty(Platform.parse("linux/amd64"))
            .withCreated(Instant.EPOCH, null)
            .withLayer(
                Digest.sha256(layer), new dev.strata.image.History(null, null, "x", null, false))
            .toJson();
    return new DockerParts(layer, config, Digest.sha256(config).encoded() + ".json");
  }

  private Path dockerArchive(String manifest, boolean withConfig, boolean withLayer)
      throws IOException {
    DockerParts p = dockerParts();
    ArchiveTar t = new ArchiveTar();
    if (withLayer) {
      t.file("abc/layer.tar", 0644, p.layer());
    }
    if (withConfig) {
      t.file(p.configName(), 0644, p.config());
    }
    t.file("manifest.json", manifest.replace("CONFIG", p.configName()));
    return Files.write(tmp.resolve("docker.tar"), t.tar());
  }

  @Test
  void dockerArchiveNamingAMissingConfigOrLayerIsRefused() throws IOException {
    String manifest =
        "[{\"Config\":\"CONFIG\",\"RepoTags\":[\"bad:1\"],\"Layers\":[\"abc/layer.tar\"]}]";
    refuseLoad(dockerArchive(manifest, false, true), "config ", "is not in the archive");
    refuseLoad(
        dockerArchive(manifest, true, false),
        "layer abc/layer.tar (image 1 of manifest.json",
        "is not in the archive");
    assertThat(dockerArchive(manifest, true, true)).isNotNull();
    assertThat(new ImageLoader(store).load(tmp.resolve("docker.tar"))).hasSize(1);
  }

  @Test
  void dockerArchiveWithAMalformedManifestIsRefused() throws IOException {
    refuseLoad(dockerArchive("[1]", true, true), "invalid entry (image 1 of manifest.json");
    refuseLoad(dockerArchive("{\"Config\":1}", true, true), "want a non-empty array");
    refuseLoad(dockerArchive("[{\"Config\":\"CONFIG\"", true, true), "invalid manifest.json");
    refuseLoad(
        dockerArchive(
            "[{\"Config\":\"CONFIG\",\"Layers\":[\"abc/layer.tar\"],\"RepoTags\":[\"Bad Name\"]}]",
            true,
            true),
        "invalid RepoTags entry \"Bad Name\"");
  }

  @Test
  void dockerArchiveConfigNamedByAnotherDigestIsRefused() throws IOException {
    DockerParts p = dockerParts();
    String wrong = Digest.sha256("other").encoded() + ".json";
    byte[] tar =
        new ArchiveTar()
            .file("abc/layer.tar", 0644, p.layer())
            .file(wrong, 0644, p.config())
            .file(
                "manifest.json", "[{\"Config\":\"" + wrong + "\",\"Layers\":[\"abc/layer.tar\"]}]")
            .tar();
    refuseLoad(Files.write(tmp.resolve("d.tar"), tar), "config " + wrong, "content hashes to");
  }

  // ---- hostile layers that are well-formed: confined when extracted ----

  @Test
  void symlinkEscapesLoadAndExtractInsideTheLayer() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar =
        new ArchiveTar()
            .symlink("up", "../../../../../../../../" + outside.toString().substring(1))
            .file("up/pwned", "relative")
            .symlink("abs", outside.toString())
            .file("abs/pwned2", "absolute")
            .symlink("sentinel-link", outside.resolve("sentinel").toString())
            .tar();
    byte[] tar2 = new ArchiveTar().file("sentinel-link", "overwritten?").tar();
    Descriptor l1 = OciLayouts.blob(dir, MediaTypes.OCI_LAYER, tar);
    Descriptor l2 = OciLayouts.blob(dir, MediaTypes.OCI_LAYER, tar2);
    OciLayouts.writeImage(
        dir, "evil:1", List.of(l1, l2), List.of(Digest.sha256(tar), Digest.sha256(tar2)));
    List<String> before = StoreState.listing(outside);

    LoadedImage image = new ImageLoader(store).load(dir).get(0);
    ResolvedImage r = ResolvedImage.read(store.blobs(), image.id(), Platform.parse("linux/amd64"));
    List<LayerDir> layers =
        store.layers().ensureAll(r.manifest(), r.config(), LayerExtractor.standard());

    assertThat(StoreState.listing(outside)).isEqualTo(before);
    assertThat(Files.readString(outside.resolve("sentinel"))).isEqualTo("untouched");
    Path diff = layers.get(0).diff();
    assertThat(Files.isSymbolicLink(diff.resolve("up"))).isTrue();
    assertThat(diff.resolve(outside.toString().substring(1)).resolve("pwned"))
        .hasContent("relative");
    assertThat(diff.resolve(outside.toString().substring(1)).resolve("pwned2"))
        .hasContent("absolute");
    assertThat(
            Files.isRegularFile(
                layers.get(1).diff().resolve("sentinel-link"), LinkOption.NOFOLLOW_LINKS))
        .isTrue();
    assertThat(store.check(false).findings()).isEmpty();
  }

  @Test
  void anIndexWhoseManifestsAreAllMissingIsRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("layout"));
    Descriptor absent =
        new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("gone"), 10)
            .withPlatform(Platform.parse("linux/amd64"));
    Descriptor index =
        OciLayouts.blob(
            dir, MediaTypes.OCI_INDEX, Index.of(MediaTypes.OCI_INDEX, List.of(absent)).toJson());
    OciLayouts.index(dir, List.of(index));
    refuseLoad(dir, "index " + index.digest(), "none of its manifests");
  }

  @Test
  void aManifestWithMoreLayersThanDiffIdsIsRefused() throws IOException {
    Path dir = tmp.resolve("layout");
    byte[] tar = new ArchiveTar().file("a", "b").tar();
    Descriptor layer = OciLayouts.blob(dir, MediaTypes.OCI_LAYER, tar);
    OciLayouts.writeImage(dir, "bad:1", List.of(layer, layer), List.of(Digest.sha256(tar)));
    refuseLoad(dir, "has 2 layers but its config lists 1 diff ids");
  }
}
