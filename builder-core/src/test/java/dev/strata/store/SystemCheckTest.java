package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.fs.TreeDeletion;
import dev.strata.image.ChainId;
import dev.strata.image.ImageReference;
import dev.strata.store.CheckReport.Finding;
import dev.strata.store.CheckReport.Kind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCheckTest {
  @TempDir Path root;
  Store store;
  Fixtures.TestImage app;

  @BeforeEach
  void open() throws IOException {
    store = Store.open(root);
    app = Fixtures.image(store.blobs(), "app", List.of(Fixtures.BASE, Fixtures.layer("app")));
    store.images().tag(ImageReference.parse("app:1"), app.id());
    store.layers().ensureAll(app.manifest(), app.config(), Fixtures.TAR);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  void flipByte(Digest blob, long offset) throws IOException {
    Path p = store.blobs().path(blob);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void aHealthyStoreChecksClean() throws IOException {
    CheckReport report = store.check(false);
    assertThat(report.findings()).isEmpty();
    assertThat(report.clean()).isTrue();
    assertThat(report.blobsChecked()).isEqualTo(4);
    assertThat(report.imagesChecked()).isEqualTo(1);
    assertThat(report.layersChecked()).isEqualTo(2);
  }

  @Test
  void aFlippedByteInALayerBlobIsFoundAndRepairRemovesOnlyThatBlob() throws IOException {
    Digest layer = app.layers().get(1).digest();
    flipByte(layer, 20);

    CheckReport found = store.check(false);
    assertThat(found.findings())
        .extracting(Finding::kind)
        .containsExactly(Kind.CORRUPT_BLOB, Kind.INCOMPLETE_IMAGE);
    assertThat(found.findings().get(0).toString())
        .startsWith("corrupt blob " + layer + ": content hashes to sha256:")
        .doesNotContain("\n");
    assertThat(found.findings().get(1).message()).contains("blob " + layer + " is corrupt");
    assertThat(store.blobs().exists(layer)).isTrue();

    CheckReport repaired = store.check(true);
    assertThat(repaired.findings().get(0).repaired()).isTrue();
    assertThat(store.blobs().exists(layer)).isFalse();
    assertThat(store.blobs().list()).hasSize(3);
    assertThat(store.images().resolve("app:1")).isEqualTo(app.id());

    CheckReport after = store.check(true);
    assertThat(after.findings()).extracting(Finding::kind).containsExactly(Kind.INCOMPLETE_IMAGE);
    assertThat(after.findings().get(0).toString())
        .isEqualTo(
            "incomplete image app:1: manifest "
                + app.id()
                + ": layer "
                + layer
                + " is missing; pull or build it again");
    assertThat(after.unrepaired()).hasSize(1);
  }

  @Test
  void aReferenceToAMissingManifestIsFoundAndRepairRemovesIt() throws IOException {
    Files.delete(store.blobs().path(app.id()));

    CheckReport found = store.check(false);
    assertThat(found.findings()).hasSize(1);
    assertThat(found.findings().get(0))
        .isEqualTo(
            new Finding(
                Kind.DANGLING_REFERENCE, "app:1", "manifest " + app.id() + " is missing", false));

    CheckReport repaired = store.check(true);
    assertThat(repaired.findings().get(0).repaired()).isTrue();
    assertThat(store.images().list()).isEmpty();
    assertThat(store.images().references()).isEmpty();
    assertThat(store.check(false).clean()).isTrue();
    assertThat(store.blobs().exists(app.configDigest())).as("repair never collects").isTrue();
  }

  @Test
  void aMissingLayerBlobMakesTheImageIncompleteAndRepairKeepsItsName() throws IOException {
    Digest layer = app.layers().get(0).digest();
    Files.delete(store.blobs().path(layer));

    CheckReport report = store.check(true);

    assertThat(report.findings()).hasSize(1);
    Finding f = report.findings().get(0);
    assertThat(f.kind()).isEqualTo(Kind.INCOMPLETE_IMAGE);
    assertThat(f.message()).contains("layer " + layer + " is missing");
    assertThat(f.repaired()).isFalse();
    assertThat(store.images().resolve("app:1")).isEqualTo(app.id());
  }

  @Test
  void anIncompleteLayerDirectoryIsFoundAndRepairRemovesIt() throws IOException {
    Digest top = ChainId.of(app.diffIds());
    TreeDeletion.delete(store.layers().path(top).resolve("diff"));
    Digest base = ChainId.all(app.diffIds()).get(0);
    Files.delete(store.layers().path(base).resolve("layer.json"));

    CheckReport found = store.check(false);
    assertThat(found.findings())
        .extracting(Finding::kind, Finding::subject, Finding::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Kind.INCOMPLETE_LAYER, top.encoded(), "diff directory is missing"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.INCOMPLETE_LAYER, base.encoded(), "metadata is missing"));

    store.check(true);
    assertThat(store.layers().list()).isEmpty();
    assertThat(store.check(false).clean()).isTrue();
    assertThat(store.layers().ensureAll(app.manifest(), app.config(), Fixtures.TAR)).hasSize(2);
  }

  @Test
  void layerMetadataThatContradictsItsNameIsFound() throws IOException {
    Digest top = ChainId.of(app.diffIds());
    Path meta = store.layers().path(top).resolve("layer.json");
    String json = Files.readString(meta);
    Files.writeString(
        meta, json.replace(app.diffIds().get(1).toString(), Digest.sha256("z").toString()));

    assertThat(store.check(false).findings())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .isEqualTo("chain id does not follow from its parent and diff id"));
  }

  @Test
  void strayFilesAreFoundAndRemoved() throws IOException {
    Files.writeString(root.resolve("blobs/sha256/notadigest"), "?");
    Files.writeString(root.resolve("layers/junk"), "?");

    CheckReport found = store.check(true);
    assertThat(found.findings())
        .extracting(Finding::kind)
        .containsExactlyInAnyOrder(Kind.STRAY_FILE, Kind.STRAY_FILE);
    assertThat(root.resolve("blobs/sha256/notadigest")).doesNotExist();
    assertThat(root.resolve("layers/junk")).doesNotExist();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void aDamagedCatalogIsSetAsideByRepair() throws IOException {
    Files.writeString(root.resolve("image/images.json"), "{garbage");

    CheckReport report = store.check(true);
    assertThat(report.findings()).extracting(Finding::kind).contains(Kind.CORRUPT_CATALOG);
    try (var s = Files.list(root.resolve("image"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("images.json.corrupt-"));
    }
    assertThat(store.images().list()).isEmpty();
    assertThat(store.check(false).clean()).isTrue();
  }

  @Test
  void extensionsReportThroughTheSameReport() throws IOException {
    store.addCheck(
        (s, repair, findings) ->
            findings.accept(new Finding(Kind.OTHER, "cache entry k1", "layer gone", repair)));
    assertThat(store.check(true).findings())
        .containsExactly(new Finding(Kind.OTHER, "cache entry k1", "layer gone", true));
  }
}
