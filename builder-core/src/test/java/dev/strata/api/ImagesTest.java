package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Images facade over a real store. */
class ImagesTest {
  @TempDir Path tmp;
  Images images;
  byte[] tar;
  Path tarball;

  @BeforeEach
  void open() throws IOException {
    images = Images.open(tmp.resolve("store"));
    tar = tar("etc/hostname", "strata\n", "bin/tool", "#!/bin/sh\n");
    tarball = Files.write(tmp.resolve("rootfs.tar.gz"), gzip(tar));
  }

  @AfterEach
  void close() {
    images.close();
  }

  static byte[] tar(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
        e.setSize(content.length);
        e.setModTime(1_600_000_000_000L);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void importedImagesAreListedByNameNewestFirst() {
    LoadedImage a = images.importTarball(tarball, "app");
    LoadedImage b = images.importTarball(tarball, "registry.example:5000/team/tool:2");
    assertThat(a.names()).containsExactly("app:latest");

    List<ImageSummary> rows = images.list();
    assertThat(rows)
        .extracting(ImageSummary::repository, ImageSummary::tag, ImageSummary::id)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("registry.example:5000/team/tool", "2", b.id()),
            org.assertj.core.groups.Tuple.tuple("app", "latest", a.id()));
    assertThat(rows.get(0).shortId()).hasSize(12);
    assertThat(rows.get(0).size()).isPositive();
  }

  @Test
  void tagAddsANameAndRemoveUntagsThenDeletes() {
    LoadedImage a = images.importTarball(tarball, "app:1");
    images.tag("app:1", "app:2");
    assertThat(images.list()).extracting(ImageSummary::tag).containsExactlyInAnyOrder("1", "2");

    assertThat(images.remove("app:1", false)).containsExactly("Untagged: app:1");
    assertThat(images.remove("app:2", false))
        .containsExactly("Untagged: app:2", "Deleted: " + a.id());
    assertThat(images.list()).isEmpty();
    assertThat(images.check(false).clean()).isTrue();
    assertThatThrownBy(() -> images.remove("app:2", false))
        .isInstanceOf(StrataException.class)
        .hasMessage("no such image: app:2");
  }

  @Test
  void anImageWhoseNameMovesIsListedAsNone() {
    LoadedImage first = images.importTarball(tarball, "app");
    images.importTarball(tarball, "other");
    images.tag("other", "app");
    assertThat(images.list())
        .filteredOn(r -> r.id().equals(first.id()))
        .extracting(ImageSummary::repository, ImageSummary::tag)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("<none>", "<none>"));
  }

  @Test
  void inspectHasDockersShape() throws IOException {
    LoadedImage a = images.importTarball(tarball, "app:1");
    ImageDetails d = images.inspect("app:1");
    JsonNode json = new ObjectMapper().readTree(ImageDetails.toJson(List.of(d)));
    assertThat(json.isArray()).isTrue();
    JsonNode i = json.get(0);
    assertThat(i.get("Id").asText()).isEqualTo(a.id());
    assertThat(i.get("RepoTags").get(0).asText()).isEqualTo("app:1");
    assertThat(i.get("RepoDigests").get(0).asText()).isEqualTo("app@" + a.id());
    assertThat(i.get("Os").asText()).isEqualTo("linux");
    assertThat(i.get("Architecture").asText()).isNotEmpty();
    assertThat(i.get("Config").isObject()).isTrue();
    assertThat(i.get("RootFS").get("Type").asText()).isEqualTo("layers");
    assertThat(i.get("RootFS").get("Layers").get(0).asText())
        .isEqualTo(Digest.sha256(tar).toString());
    assertThat(i.get("Size").asLong()).isEqualTo(images.list().get(0).size());
    assertThat(ImageDetails.toJson(List.of(d)))
        .startsWith("[\n    {\n        \"Id\": \"sha256:")
        .contains("\"Config\": {},");
    // by id prefix too
    assertThat(images.inspect(a.id().substring(7, 15)).id()).isEqualTo(a.id());
  }

  @Test
  void historyIsNewestFirstWithMetadataStepsAtZero() throws IOException {
    // An image with a layer step and a metadata step, loaded from a layout written by hand.
    Path layout = tmp.resolve("layout");
    dev.strata.store.archive.TestLayouts.write(layout, "hist:1", tar);
    images.load(layout);
    List<HistoryEntry> h = images.history("hist:1");
    assertThat(h).extracting(HistoryEntry::createdBy).containsExactly("CMD [\"sh\"]", "ADD x");
    assertThat(h.get(0).size()).isZero();
    assertThat(h.get(0).emptyLayer()).isTrue();
    assertThat(h.get(0).image()).startsWith("sha256:");
    assertThat(h.get(1).image()).isEqualTo(HistoryEntry.MISSING);
    assertThat(h.get(1).size()).isPositive();
  }

  @Test
  void diskUsageSplitsSharedFromUnique() {
    images.importTarball(tarball, "one");
    images.importTarball(tarball, "two");
    DiskUsageReport r = images.diskUsage(true);
    assertThat(r.images().total()).isEqualTo(2);
    assertThat(r.imageRows()).hasSize(2);
    for (DiskUsageReport.ImageUsage u : r.imageRows()) {
      // the layer blob is the same file for both; config and manifest differ in creation time
      assertThat(u.sharedSize()).isGreaterThan(0);
      assertThat(u.uniqueSize()).isEqualTo(u.size() - u.sharedSize());
    }
    assertThat(r.images().size()).isGreaterThanOrEqualTo(r.imageRows().get(0).size());
    assertThat(r.buildCache().type()).isEqualTo("Build Cache");
    assertThat(images.diskUsage(false).imageRows()).isEmpty();
  }

  @Test
  void checkFindsAndRepairsACorruptBlob() throws IOException {
    images.importTarball(tarball, "app");
    Path blobs = images.root().resolve("blobs/sha256");
    Path victim;
    try (Stream<Path> s = Files.list(blobs)) {
      victim = s.filter(p -> p.toFile().length() > 100).findFirst().orElseThrow();
    }
    victim.toFile().setWritable(true);
    Files.writeString(victim, "garbage");
    CheckResult found = images.check(false);
    assertThat(found.clean()).isFalse();
    assertThat(found.findings()).anyMatch(f -> f.startsWith("corrupt blob sha256:"));
    CheckResult repaired = images.check(true);
    assertThat(repaired.repaired()).isPositive();
  }

  @Test
  void saveAndLoadGoThroughNames() {
    LoadedImage a = images.importTarball(tarball, "app:1");
    Path out = tmp.resolve("app.tar");
    images.save("oci-archive", out, List.of("app:1"));
    try (Images other = Images.open(tmp.resolve("other"))) {
      assertThat(other.load(out)).containsExactly(new LoadedImage(a.id(), List.of("app:1")));
    }
    Path byId = tmp.resolve("byid.tar");
    images.save("docker", byId, List.of(a.id()));
    try (Images other = Images.open(tmp.resolve("third"))) {
      assertThat(other.load(byId)).singleElement().satisfies(l -> assertThat(l.names()).isEmpty());
    }
  }

  @Test
  void badNamesAndFormatsAreOneLineErrors() {
    assertThatThrownBy(() -> images.importTarball(tarball, "Upper"))
        .hasMessageContaining("must be lowercase");
    assertThatThrownBy(() -> images.save("zip", tmp.resolve("x"), List.of("a")))
        .hasMessage("unknown archive format \"zip\": use oci, oci-archive or docker");
    assertThatThrownBy(() -> images.tag("missing", "x")).hasMessage("no such image: missing");
  }
}
