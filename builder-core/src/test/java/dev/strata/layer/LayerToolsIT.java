package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strata's layers against the real gzip, zstd and GNU tar, both ways. */
class LayerToolsIT {
  @TempDir Path tmp;

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(rc).as("%s: %s", String.join(" ", command), text).isZero();
    return text;
  }

  private Path sampleTree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("tree"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc"));
    byte[] blob = new byte[3_000_000];
    new Random(1).nextBytes(blob);
    Files.write(root.resolve("usr/bin/tool"), blob);
    Syscalls.lchmod(root.resolve("usr/bin/tool"), 04755);
    Files.writeString(root.resolve("etc/config"), "key=value\n".repeat(10_000));
    Files.createLink(root.resolve("usr/bin/tool-alias"), root.resolve("usr/bin/tool"));
    Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    Files.writeString(root.resolve("etc/" + "n".repeat(140)), "long");
    Files.writeString(root.resolve("etc/ünïcödé"), "u");
    Syscalls.mkfifo(root.resolve("etc/fifo"), 0600);
    Syscalls.lchown(root.resolve("etc/config"), 1000, 1001);
    Syscalls.lsetxattr(root.resolve("etc/config"), "user.origin", "test".getBytes());
    return root;
  }

  @Test
  void gzipDecodesStrataGzipToTheTarOfTheDiffId() throws Exception {
    Layers.Written w =
        Layers.writeTree(sampleTree(), LayerWriter.Options.defaults().withThreads(2));
    Path gz = Files.write(tmp.resolve("layer.tar.gz"), w.bytes());
    run(tmp, "gzip", "-t", gz.toString());
    run(tmp, "gzip", "-d", "-k", gz.toString());
    assertThat(Digest.sha256(Files.readAllBytes(tmp.resolve("layer.tar"))))
        .isEqualTo(w.blob().diffId());
  }

  @Test
  void zstdDecodesStrataZstdToTheTarOfTheDiffId() throws Exception {
    Layers.Written w =
        Layers.writeTree(
            sampleTree(), LayerWriter.Options.defaults().withCompression(Compression.ZSTD));
    Path z = Files.write(tmp.resolve("layer.tar.zst"), w.bytes());
    run(tmp, "zstd", "-q", "-t", z.toString());
    run(tmp, "zstd", "-q", "-d", z.toString(), "-o", tmp.resolve("layer.tar").toString());
    assertThat(Digest.sha256(Files.readAllBytes(tmp.resolve("layer.tar"))))
        .isEqualTo(w.blob().diffId());
  }

  @Test
  void gnuTarListsWhatStrataWrote() throws Exception {
    Path tree = sampleTree();
    Layers.Written w = Layers.writeTree(tree, LayerWriter.Options.defaults());
    Path gz = Files.write(tmp.resolve("layer.tar.gz"), w.bytes());
    String listing = run(tmp, "tar", "--numeric-owner", "-tvzf", gz.toString());
    List<String> names = new ArrayList<>();
    for (String line : listing.split("\n")) {
      names.add(line.replaceAll("^\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+", ""));
    }
    assertThat(names)
        .containsExactly(
            "etc/",
            "etc/config",
            "etc/fifo",
            "etc/localtime -> /usr/share/zoneinfo/UTC",
            "etc/" + "n".repeat(140),
            "etc/ünïcödé",
            "usr/",
            "usr/bin/",
            "usr/bin/tool",
            "usr/bin/tool-alias link to usr/bin/tool");
    assertThat(listing).contains("-rwsr-xr-x 0/0").contains("-rw-r--r-- 1000/1001");
  }

  @Test
  void gnuTarExtractsStrataLayersToTheSameTree() throws Exception {
    Path tree = sampleTree();
    byte[] tar = Layers.tarOf(tree);
    Path layer = Files.write(tmp.resolve("layer.tar"), tar);
    Path out = Files.createDirectories(tmp.resolve("gnu"));
    run(out, "tar", "--xattrs", "--xattrs-include=*", "--same-owner", "-xpf", layer.toString());
    assertThat(Layers.tarOf(out)).isEqualTo(tar);
  }

  @Test
  void strataAppliesGnuTarPaxArchivesLikeGnuTarExtractsThem() throws Exception {
    Path tree = sampleTree();
    Path archive = tmp.resolve("gnu.tar.gz");
    run(
        tree,
        "tar",
        "--format=pax",
        "--xattrs",
        "--xattrs-include=*",
        "--numeric-owner",
        "-czf",
        archive.toString(),
        ".");
    Path byStrata = Files.createDirectories(tmp.resolve("strata"));
    try (InputStream in = Files.newInputStream(archive)) {
      new LayerApplier().apply(in, byStrata);
    }
    Path byTar = Files.createDirectories(tmp.resolve("tar"));
    run(
        byTar,
        "tar",
        "--xattrs",
        "--xattrs-include=*",
        "--same-owner",
        "-xpzf",
        archive.toString());
    assertThat(Layers.listing(Layers.tarOf(byStrata)))
        .isEqualTo(Layers.listing(Layers.tarOf(byTar)));
    assertThat(Layers.tarOf(byStrata)).isEqualTo(Layers.tarOf(byTar));
    assertThat(Layers.entries(Layers.tarOf(byStrata)))
        .filteredOn(e -> e.path().equals("etc/config"))
        .singleElement()
        .satisfies(e -> assertThat(e.xattrs()).containsKey("user.origin"));
  }

  @Test
  void appliesWhatGzipAndZstdToolsCompressed() throws Exception {
    byte[] tar = Layers.tarOf(sampleTree());
    Path plain = Files.write(tmp.resolve("l.tar"), tar);
    run(tmp, "gzip", "-k", "-9", plain.toString());
    run(tmp, "zstd", "-q", "-19", plain.toString(), "-o", tmp.resolve("l.tar.zst").toString());
    for (String name : List.of("l.tar.gz", "l.tar.zst")) {
      Path target = Files.createDirectories(tmp.resolve("applied-" + name));
      LayerApplier.Result r;
      try (InputStream in = Files.newInputStream(tmp.resolve(name))) {
        r = new LayerApplier().apply(in, target);
      }
      assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
      assertThat(Layers.tarOf(target)).isEqualTo(tar);
    }
  }
}
