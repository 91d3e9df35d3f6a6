package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.fs.Syscalls;
import dev.strata.image.Descriptor;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.OciSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strata's images against the real skopeo, umoci and buildah: what strata saves they read and
 * unpack to the imported tree; what they write strata loads, with the same diff ids and history.
 */
class ImageInteropIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APP = "docker.io/library/app:1.0";

  @TempDir Path tmp;
  Images images;

  @BeforeEach
  void open() {
    images = Images.open(tmp.resolve("store"));
  }

  @AfterEach
  void close() {
    images.close();
  }

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(rc).as("%s: %s", String.join(" ", command), text).isZero();
    return text;
  }

  /** A tree with every kind of entry an image holds, owners and modes included. */
  private Path sampleTree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("tree"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc/conf.d"));
    Files.createDirectories(root.resolve("var/empty"));
    Files.createDirectories(root.resolve("srv/private"));
    byte[] binary = new byte[300_000];
    new Random(3).nextBytes(binary);
    Files.write(root.resolve("usr/bin/tool"), binary);
    Syscalls.lchmod(root.resolve("usr/bin/tool"), 04755);
    Files.writeString(root.resolve("etc/conf.d/app.conf"), "key=value\n".repeat(500));
    Syscalls.lchown(root.resolve("etc/conf.d/app.conf"), 1000, 1001);
    Files.writeString(root.resolve("srv/private/secret"), "s3cret");
    Syscalls.lchmod(root.resolve("srv/private/secret"), 0600);
    Syscalls.lchmod(root.resolve("srv/private"), 0750);
    Syscalls.lchown(root.resolve("srv/private"), 33, 33);
    Files.write(root.resolve("etc/empty"), new byte[0]);
    Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("tool"));
    Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    Files.createLink(root.resolve("usr/bin/tool-alias"), root.resolve("usr/bin/tool"));
    Files.writeString(root.resolve("etc/" + "n".repeat(150)), "long name");
    Syscalls.mkfifo(root.resolve("var/fifo"), 0644);
    Syscalls.lchmod(root.resolve("var/empty"), 01777);
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        // lutimens: never opens the entry (a fifo would block) nor follows a link
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        Syscalls.lutimens(p, t, t);
      }
    }
    return root;
  }

  /** path -> type, mode, owner, link count, content digest or link target, file mtime. */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        if (p.equals(root)) {
          continue;
        }
        Map<String, Object> a =
            Files.readAttributes(
                p, "unix:mode,uid,gid,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String what;
        if (Files.isSymbolicLink(p)) {
          what = "link -> " + Files.readSymbolicLink(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = Files.newInputStream(p)) {
            what =
                "file "
                    + Digest.sha256(in)
                    + " nlink "
                    + a.get("nlink")
                    + " mtime "
                    + ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
          }
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          what = "dir";
        } else {
          what = "other";
        }
        out.put(
            root.relativize(p).toString(),
            String.format("%06o %s:%s %s", mode, a.get("uid"), a.get("gid"), what));
      }
    }
    return out;
  }

  private static List<String> schemaViolations(Path layout) throws IOException {
    List<String> v = new ArrayList<>();
    v.addAll(
        OciSchemas.violations(
            MediaTypes.OCI_LAYOUT_HEADER, Files.readAllBytes(layout.resolve("oci-layout"))));
    byte[] index = Files.readAllBytes(layout.resolve("index.json"));
    v.addAll(OciSchemas.violations(MediaTypes.OCI_INDEX, index));
    for (Descriptor d : Index.parse(index, "index.json").manifests()) {
      byte[] m = Files.readAllBytes(blob(layout, d.digest()));
      v.addAll(OciSchemas.violations(MediaTypes.OCI_MANIFEST, m));
      Manifest manifest = Manifest.parse(m, "manifest");
      v.addAll(
          OciSchemas.violations(
              MediaTypes.OCI_CONFIG, Files.readAllBytes(blob(layout, manifest.config().digest()))));
    }
    return v;
  }

  static Path blob(Path layout, Digest d) {
    return layout.resolve("blobs/sha256/" + d.encoded());
  }

  @Test
  void anImportedImageSavedAsALayoutPassesSkopeoAndUmociUnpacksTheSameTree() throws Exception {
    Path tree = sampleTree();
    Path tarball = tmp.resolve("rootfs.tar.gz");
    run(tree, "tar", "--numeric-owner", "-czf", tarball.toString(), ".");
    LoadedImage image = images.importTarball(tarball, "app:1.0");
    Path layout = tmp.resolve("layout");
    images.save("oci", layout, List.of("app:1.0"));
    assertThat(schemaViolations(layout)).isEmpty();

    JsonNode inspect = JSON.readTree(run(tmp, "skopeo", "inspect", "oci:" + layout));
    assertThat(inspect.get("Digest").asText()).isEqualTo(image.id());
    assertThat(inspect.get("Os").asText()).isEqualTo("linux");
    assertThat(inspect.get("Layers")).hasSize(1);
    run(tmp, "skopeo", "inspect", "oci:" + layout + ":" + APP);

    Path bundle = tmp.resolve("bundle");
    run(tmp, "umoci", "unpack", "--image", layout + ":" + APP, bundle.toString());
    Map<String, String> expected = snapshot(tree);
    assertThat(expected).hasSize(17).containsKey("var/fifo");
    assertThat(snapshot(bundle.resolve("rootfs"))).isEqualTo(expected);
  }

  @Test
  void skopeosDockerArchiveOfAStrataLayoutLoadsBackWithTheSameDiffIds() throws Exception {
    Path tree = sampleTree();
    Path tarball = tmp.resolve("rootfs.tar");
    run(tree, "tar", "--numeric-owner", "-cf", tarball.toString(), ".");
    images.importTarball(tarball, "app:1.0");
    Path layout = tmp.resolve("layout");
    images.save("oci", layout, List.of("app:1.0"));
    Path archive = tmp.resolve("docker.tar");
    run(tmp, "skopeo", "copy", "oci:" + layout, "docker-archive:" + archive + ":copy:2");

    List<LoadedImage> loaded = images.load(archive);
    assertThat(loaded)
        .singleElement()
        .satisfies(l -> assertThat(l.names()).containsExactly("copy:2"));
    assertThat(images.inspect("copy:2").layers()).isEqualTo(images.inspect("app:1.0").layers());
    assertThat(images.check(false).clean()).isTrue();
  }

  @Test
  void strataDockerArchivesAreReadBySkopeo() throws Exception {
    Path tree = sampleTree();
    Path tarball = tmp.resolve("rootfs.tar.zst");
    run(tree, "sh", "-c", "tar --numeric-owner -cf - . | zstd -q -o " + tarball);
    images.importTarball(tarball, "app:1.0");
    Path archive = tmp.resolve("docker.tar");
    images.save("docker", archive, List.of("app:1.0"));
    JsonNode config =
        JSON.readTree(run(tmp, "skopeo", "inspect", "--config", "docker-archive:" + archive));
    assertThat(config.get("rootfs").get("diff_ids").get(0).asText())
        .isEqualTo(images.inspect("app:1.0").layers().get(0));
    Path layout = tmp.resolve("from-docker");
    run(tmp, "skopeo", "copy", "docker-archive:" + archive, "oci:" + layout + ":x");
    Path bundle = tmp.resolve("bundle");
    run(tmp, "umoci", "unpack", "--image", layout + ":x", bundle.toString());
    assertThat(snapshot(bundle.resolve("rootfs"))).isEqualTo(snapshot(tree));
  }

  @Test
  void aBuildahImageLoadsWithItsHistoryAndRoundTripsThroughSave() throws Exception {
    Path context = Files.createDirectories(tmp.resolve("context"));
    Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /data && echo hello > /data/x"]
        ENV GREETING=hello
        LABEL org.example.test=yes
        CMD ["/bin/busybox", "sh"]
        """);
    String[] buildah = {
      "buildah",
      "--root",
      tmp.resolve("buildah/root").toString(),
      "--runroot",
      tmp.resolve("buildah/run").toString(),
      "--storage-driver",
      "vfs"
    };
    run(
        tmp,
        concat(
            buildah,
            "bud",
            "--layers",
            "--isolation",
            "chroot",
            "-t",
            "localhost/bud:1",
            context.toString()));
    Path archive = tmp.resolve("bud.tar");
    run(
        tmp,
        concat(buildah, "push", "localhost/bud:1", "oci-archive:" + archive + ":localhost/bud:1"));
    JsonNode config =
        JSON.readTree(run(tmp, "skopeo", "inspect", "--config", "oci-archive:" + archive));
    JsonNode raw = JSON.readTree(run(tmp, "skopeo", "inspect", "--raw", "oci-archive:" + archive));

    assertThat(images.load(archive))
        .singleElement()
        .satisfies(l -> assertThat(l.names()).containsExactly("localhost/bud:1"));
    List<HistoryEntry> history = images.history("localhost/bud:1");
    List<String> expected = new ArrayList<>();
    for (JsonNode h : config.get("history")) {
      expected.add(0, h.path("created_by").asText());
    }
    assertThat(history).extracting(HistoryEntry::createdBy).isEqualTo(expected);
    assertThat(history.get(0).createdBy()).contains("CMD");
    assertThat(history.get(0).size()).isZero();
    assertThat(history).filteredOn(h -> !h.emptyLayer()).hasSize(2).allMatch(h -> h.size() > 0);
    List<String> diffIds = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(d -> diffIds.add(d.asText()));
    ImageDetails details = images.inspect("localhost/bud:1");
    assertThat(details.layers()).isEqualTo(diffIds);
    assertThat(details.config()).containsKey("Labels");

    Path layout = tmp.resolve("saved");
    images.save("oci", layout, List.of("localhost/bud:1"));
    JsonNode saved = JSON.readTree(run(tmp, "skopeo", "inspect", "--raw", "oci:" + layout));
    assertThat(saved).isEqualTo(raw);
    assertThat(schemaViolations(layout)).isEmpty();

    Path docker = tmp.resolve("bud-docker.tar");
    images.save("docker", docker, List.of("localhost/bud:1"));
    try (Images other = Images.open(tmp.resolve("other"))) {
      other.load(docker);
      assertThat(other.inspect("localhost/bud:1").layers()).isEqualTo(diffIds);
      assertThat(other.history("localhost/bud:1"))
          .extracting(HistoryEntry::createdBy)
          .isEqualTo(expected);
    }
    Path bundle = tmp.resolve("bundle");
    run(tmp, "umoci", "unpack", "--image", layout + ":localhost/bud:1", bundle.toString());
    assertThat(bundle.resolve("rootfs/data/x")).hasContent("hello");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
