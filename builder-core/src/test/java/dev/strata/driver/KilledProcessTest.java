package dev.strata.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.fs.MountTable;
import dev.strata.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed while its snapshots are mounted leaves a store the next one opens cleanly. */
class KilledProcessTest {
  @TempDir Path tmp;

  @Test
  void theNextStoreOpenTakesDownWhatAKilledProcessLeftMounted() throws Exception {
    Path root = tmp.resolve("root");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SnapshotHolder.class.getName(),
                root.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("child.log").toFile()).start();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(r.readLine()).as(() -> log()).isEqualTo("ready");
      assertThat(MountTable.under(root)).hasSize(2);
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> layersBefore = DriverFixtures.tree(root.resolve("layers"), true);

    try (Store store = Store.open(root)) {
      assertThat(store.cleanedAtOpen()).isEqualTo(1);
      assertThat(MountTable.under(root)).isEmpty();
      assertThat(DriverFixtures.tree(root.resolve("layers"), true)).isEqualTo(layersBefore);
      assertThat(store.check(false).findings()).isEmpty();
    }
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("child.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
