package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs hammer one root at the same time (blobs, shared layers, tags, removals, collections and
 * a lock-guarded counter) while this JVM does the same; the result must be consistent.
 */
class TwoProcessConcurrencyTest {
  static final int ROUNDS = 40;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void twoProcessesAndThisOneLeaveAConsistentStore() throws Exception {
    Files.createDirectories(root);
    Process a = Processes.start(logs.resolve("a.log"), "hammer", root.toString(), "" + ROUNDS, "a");
    Process b = Processes.start(logs.resolve("b.log"), "hammer", root.toString(), "" + ROUNDS, "b");
    StoreHammer.hammer(root, ROUNDS, "c");
    try {
      Processes.awaitLine(a, "DONE");
      Processes.awaitLine(b, "DONE");
      assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    assertThat(a.exitValue()).as(Files.readString(logs.resolve("a.log"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(logs.resolve("b.log"))).isZero();

    try (Store store = Store.open(root)) {
      assertThat(Files.readString(root.resolve("cache/counter")).trim())
          .as("no lost update: the lock excluded across processes")
          .isEqualTo(Integer.toString(3 * ROUNDS));
      CheckReport report = store.check(false);
      assertThat(report.findings()).isEmpty();
      assertThat(report.imagesChecked()).isPositive();
      for (Map.Entry<?, Digest> ref : store.images().references().entrySet()) {
        assertThat(ImageContent.walk(store.blobs(), ref.getValue(), null).complete()).isTrue();
      }
      assertThat(store.images().resolve("hammer/shared:0")).isNotNull();
      assertThat(store.cleanedAtOpen()).isZero();
      store.collectGarbage();
      assertThat(store.check(false).clean()).isTrue();
    }
  }
}
