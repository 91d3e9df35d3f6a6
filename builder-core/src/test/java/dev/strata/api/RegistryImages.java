package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small images for registry tests, and the checks that a store is clean after a transfer. */
final class RegistryImages {
  private RegistryImages() {}

  /** A rootfs tarball with {@code size} random bytes in /data/blob and a text file. */
  static Path tarball(Path dir, String name, int size, long seed) throws IOException {
    Path tar = dir.resolve(name + ".tar");
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    try (OutputStream out = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry d = new TarArchiveEntry("data/");
      d.setMode(040755);
      t.putArchiveEntry(d);
      t.closeArchiveEntry();
      TarArchiveEntry f = new TarArchiveEntry("data/blob");
      f.setSize(data.length);
      f.setMode(0100644);
      t.putArchiveEntry(f);
      t.write(data);
      t.closeArchiveEntry();
      byte[] text = ("image " + name + "\n").getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry g = new TarArchiveEntry("data/name.txt");
      g.setSize(text.length);
      g.setMode(0100644);
      t.putArchiveEntry(g);
      t.write(text);
      t.closeArchiveEntry();
    }
    return tar;
  }

  /** system check finds nothing, and nothing is left staged under tmp/. */
  static void assertClean(Path root) throws IOException {
    try (Images images = Images.open(root)) {
      assertThat(images.check(false).findings()).isEmpty();
    }
    Path tmp = root.resolve("tmp");
    if (Files.exists(tmp)) {
      try (Stream<Path> s = Files.walk(tmp)) {
        assertThat(s.filter(Files::isRegularFile).toList()).as("files left under tmp/").isEmpty();
      }
    }
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
}
