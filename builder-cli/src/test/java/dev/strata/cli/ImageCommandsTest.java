package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands driven in-process through {@link Main#run}, as a user types them. */
class ImageCommandsTest {
  @TempDir Path tmp;
  Path root;
  Path tarball;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    root = tmp.resolve("root");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      byte[] content = "strata\n".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("etc/hostname");
      e.setSize(content.length);
      out.putArchiveEntry(e);
      out.write(content);
      out.closeArchiveEntry();
    }
    tarball = Files.write(tmp.resolve("rootfs.tar"), bytes.toByteArray());
  }

  Result strata(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      String[] all = new String[args.length + 2];
      all[0] = "--root";
      all[1] = root.toString();
      System.arraycopy(args, 0, all, 2, args.length);
      int code = Main.run(all);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void importThenImagesTagHistoryInspect() {
    Result imported = strata("import", tarball.toString(), "app:1.0");
    assertThat(imported.code()).isZero();
    String id = imported.out().strip();
    assertThat(id).matches("sha256:[0-9a-f]{64}");

    assertThat(strata("tag", "app:1.0", "app:latest").code()).isZero();
    Result images = strata("images");
    assertThat(images.out().lines())
        .first()
        .asString()
        .matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE");
    assertThat(images.out()).contains("app          1.0").contains(id.substring(7, 19));
    assertThat(strata("images", "-q").out().lines()).containsOnly(id.substring(7, 19));

    Result history = strata("history", "app");
    assertThat(history.out().lines().toList())
        .hasSize(2)
        .last()
        .asString()
        .startsWith(id.substring(7, 19))
        .contains("Imported from rootfs.tar");

    Result inspect = strata("inspect", "app:1.0", "nope");
    assertThat(inspect.code()).isEqualTo(1);
    assertThat(inspect.out()).startsWith("[\n    {\n        \"Id\": \"" + id + "\"");
    assertThat(inspect.out()).contains("\"RepoTags\": [", "\"RootFS\": {", "\"Size\": ");
    assertThat(inspect.err()).isEqualTo("error: no such image: nope\n");
  }

  @Test
  void saveLoadAndRemove() {
    strata("import", tarball.toString(), "app:1.0");
    Path archive = tmp.resolve("app.tar");
    assertThat(
            strata("save", "--format", "oci-archive", "-o", archive.toString(), "app:1.0").code())
        .isZero();
    Result rmi = strata("rmi", "app:1.0");
    assertThat(rmi.out()).startsWith("Untagged: app:1.0\nDeleted: sha256:");
    Result load = strata("load", "-i", archive.toString());
    assertThat(load.code()).isZero();
    assertThat(load.out()).isEqualTo("Loaded image: app:1.0\n");
    Path layout = tmp.resolve("layout");
    assertThat(strata("save", "--format", "oci", "-o", layout.toString(), "app:1.0").code())
        .isZero();
    assertThat(layout.resolve("oci-layout")).exists();
    Path docker = tmp.resolve("docker.tar");
    assertThat(strata("save", "-o", docker.toString(), "app:1.0").code()).isZero();
    assertThat(strata("rmi", "app:1.0", "ghost").code()).isEqualTo(1);
    assertThat(strata("load", "-i", docker.toString()).out()).isEqualTo("Loaded image: app:1.0\n");
  }

  @Test
  void systemDfAndCheck() throws IOException {
    strata("import", tarball.toString(), "app:1.0");
    Result df = strata("system", "df");
    assertThat(df.out().lines().toList())
        .hasSize(5)
        .first()
        .asString()
        .matches("TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE");
    assertThat(df.out()).contains("Images          1         0").contains("Build Cache");
    Result verbose = strata("system", "df", "-v");
    assertThat(verbose.out())
        .contains("Images space usage:", "SHARED SIZE", "UNIQUE SIZE", "Local Volumes space usage:")
        .contains("Build cache usage: ");

    Result check = strata("system", "check");
    assertThat(check.code()).isZero();
    assertThat(check.out()).contains("no problems found");

    Path stray = Files.writeString(root.resolve("blobs/sha256/not-a-digest"), "x");
    Result dirty = strata("system", "check");
    assertThat(dirty.code()).isEqualTo(1);
    assertThat(dirty.out()).contains("stray file " + stray);
    assertThat(strata("system", "check", "--repair").out()).contains("(repaired)");
    assertThat(strata("system", "check").code()).isZero();
  }

  @Test
  void userErrorsAreOneLineWithoutStackTraces() throws IOException {
    Result missing = strata("load", "-i", tmp.resolve("missing.tar").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo(
            "error: cannot load " + tmp.resolve("missing.tar") + ": no such file or directory\n");
    Path junk = Files.writeString(tmp.resolve("junk.tar.gz"), "not gzip at all");
    Result bad = strata("import", junk.toString(), "x");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: cannot import " + junk);
    assertThat(bad.err()).doesNotContain("\tat ");
    Result format = strata("save", "--format", "zip", "-o", tmp.resolve("x").toString(), "x");
    assertThat(format.err())
        .isEqualTo("error: unknown archive format \"zip\": use oci, oci-archive or docker\n");
    Result usage = strata("tag", "only-one");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(strata("system", "check").code()).isZero();
  }
}
