package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.CheckReport;
import dev.strata.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two other JVMs and two threads of this one (each with its own {@link Store} instance) record,
 * look up, remove and collect on one root at the same time. Every hit must be the content its key
 * names, and afterwards the store must check clean, before and after a collection.
 */
class CacheConcurrencyTest {
  static final int ROUNDS = 30;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void twoProcessesAndTwoThreadsLeaveACleanStoreAndNoWrongHit() throws Exception {
    Process a = start(root, logs.resolve("a.log"), "a");
    Process b = start(root, logs.resolve("b.log"), "b");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      awaitLine(a, "READY");
      awaitLine(b, "READY");
      Files.createDirectories(root);
      Files.writeString(root.resolve("go"), "");
      List<Future<?>> local = new ArrayList<>();
      for (String id : List.of("c", "d")) {
        local.add(
            threads.submit(
                () -> {
                  CacheHammer.hammer(root, ROUNDS, id);
                  return null;
                }));
      }
      for (Future<?> f : local) {
        f.get(300, TimeUnit.SECONDS);
      }
      awaitLine(a, "DONE");
      awaitLine(b, "DONE");
      assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      threads.shutdownNow();
      a.destroyForcibly();
      b.destroyForcibly();
    }
    assertThat(a.exitValue()).as(Files.readString(logs.resolve("a.log"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(logs.resolve("b.log"))).isZero();

    try (Store store = Store.open(root)) {
      CacheIndex index = CacheIndex.open(store);
      CheckReport report = store.check(false);
      assertThat(report.findings()).isEmpty();
      for (int k = 0; k < 5; k++) {
        CacheHammer.verifyHit(store, index, "shared-" + k, true);
      }
      for (CacheEntry e : index.list()) {
        assertThat(index.lookup(e.key())).contains(e);
      }
      assertThat(index.builds().latest(CacheHammer.DOCKERFILE, "s")).isPresent();
      store.collectGarbage();
      assertThat(store.check(false).clean()).isTrue();
      for (int k = 0; k < 5; k++) {
        CacheHammer.verifyHit(store, index, "shared-" + k, true);
      }
    }
  }

  private static Process start(Path root, Path log, String id) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CacheHammer.class.getName(),
            root.toString(),
            Integer.toString(ROUNDS),
            id);
    return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
  }

  private static void awaitLine(Process p, String marker) throws IOException {
    BufferedReader r =
        readers.computeIfAbsent(
            p,
            k ->
                new BufferedReader(
                    new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8)));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.equals(marker)) {
        return;
      }
    }
    throw new IOException("child exited without printing " + marker);
  }

  private static final java.util.Map<Process, BufferedReader> readers =
      new java.util.concurrent.ConcurrentHashMap<>();
}
