package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedFilesTest {
  @TempDir Path tmp;

  @Test
  void anOpenerReadsFilesAcrossDirectoriesOnSeveralThreads() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    List<String> paths = new ArrayList<>();
    for (int d = 0; d < 8; d++) {
      Path dir = Files.createDirectories(root.resolve("d" + d + "/sub"));
      for (int f = 0; f < 20; f++) {
        Files.writeString(dir.resolve("f" + f), d + "/" + f);
        paths.add("d" + d + "/sub/f" + f);
      }
    }
    Files.writeString(root.resolve("top"), "top");
    paths.add("top");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (ConfinedFiles.Opener opener = new ConfinedFiles.Opener(root)) {
      List<Future<String>> read = new ArrayList<>();
      for (String p : paths) {
        read.add(pool.submit(() -> read(opener, p)));
      }
      for (int i = 0; i < paths.size(); i++) {
        assertThat(read.get(i).get()).isEqualTo(Files.readString(root.resolve(paths.get(i))));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOpenerRefusesLinksOnTheWayAndAtTheEnd() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createSymbolicLink(root.resolve("dir-link"), outside);
    Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret"));
    Files.createDirectories(root.resolve("real"));
    Files.writeString(root.resolve("real/ok"), "ok");
    try (ConfinedFiles.Opener opener = new ConfinedFiles.Opener(root)) {
      assertThat(read(opener, "real/ok")).isEqualTo("ok");
      assertThatThrownBy(() -> read(opener, "dir-link/secret")).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> read(opener, "file-link")).isInstanceOf(IOException.class);
      // The same thread comes back to a directory it left.
      Files.writeString(root.resolve("real/other"), "other");
      assertThat(read(opener, "real/other")).isEqualTo("other");
    }
    assertThatThrownBy(() -> ConfinedFiles.open(root, "dir-link/secret"))
        .isInstanceOf(IOException.class);
  }

  private static String read(ConfinedFiles.Opener opener, String path) throws IOException {
    try (InputStream in = Channels.newInputStream(opener.open(path))) {
      return new String(in.readAllBytes());
    }
  }
}
