package dev.strata.cache;

import dev.strata.store.Lease;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One participant of the cache concurrency test, in this JVM or (through {@link #main}) in another:
 * records shared and private entries over real blobs, looks them up and checks that every hit is
 * the content its key names, removes entries, saves and reads build records, and collects garbage.
 * Prints {@code DONE} when finished.
 */
// Leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class CacheHammer {
  static final String DOCKERFILE = "/hammer/Dockerfile";

  private CacheHammer() {}

  /**
   * {@code ROOT ROUNDS ID}: prints {@code READY}, waits until {@code ROOT/go} exists so that all
   * participants start together, then hammers.
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    System.out.println("READY");
    System.out.flush();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (!java.nio.file.Files.exists(root.resolve("go"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("never told to go");
      }
      Thread.sleep(5);
    }
    long start = System.nanoTime();
    hammer(root, Integer.parseInt(args[1]), args[2]);
    System.err.println("hammered for " + (System.nanoTime() - start) / 1_000_000 + " ms");
    System.out.println("DONE");
    System.out.flush();
  }

  static void hammer(Path root, int rounds, String id) throws IOException {
    try (Store store = Store.open(root)) {
      CacheIndex index = CacheIndex.open(store);
      for (int i = 0; i < rounds; i++) {
        String shared = "shared-" + (i % 5);
        String own = id + "-" + i;
        try (Lease lease = store.lease()) {
          index.record(Entries.withLayer(store, shared));
          index.record(Entries.withLayer(store, own));
          verifyHit(store, index, shared, true);
          verifyHit(store, index, own, true);
        }
        for (int k = 0; k < 5; k++) {
          try (Lease lease = store.lease()) {
            verifyHit(store, index, "shared-" + k, false);
          }
        }
        if (i % 3 == 2) {
          index.remove(Entries.key(id + "-" + (i - 1)));
        }
        BuildRecord r =
            BuildRecordsTest.record(
                DOCKERFILE, "s", List.of(GoldenBuild.from(), GoldenBuild.run(), GoldenBuild.env()));
        index
            .builds()
            .save(
                new BuildRecord(
                    r.dockerfile(), r.stage(), r.keyVersion(), Instant.now(), r.steps()));
        Optional<BuildRecord> latest = index.builds().latest(DOCKERFILE, "s");
        if (latest.isEmpty() || !latest.get().steps().equals(r.steps())) {
          throw new IllegalStateException("build record unreadable or wrong: " + latest);
        }
        if (i % 4 == 3) {
          store.collectGarbage();
        }
      }
    }
  }

  /** A hit must carry the blob made for its seed, present in the store. */
  static void verifyHit(Store store, CacheIndex index, String seed, boolean required)
      throws IOException {
    Optional<CacheEntry> hit = index.lookup(Entries.key(seed));
    if (hit.isEmpty()) {
      if (required) {
        throw new IllegalStateException("entry " + seed + " just recorded is missing");
      }
      return;
    }
    CacheEntry e = hit.get();
    if (!e.key().equals(Entries.key(seed)) || e.layers().size() != 1) {
      throw new IllegalStateException("wrong entry for " + seed + ": " + e);
    }
    try (InputStream in = store.blobs().open(e.layers().get(0).blob())) {
      String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!content.equals("layer content " + seed)) {
        throw new IllegalStateException("entry " + seed + " names the blob of " + content);
      }
    }
  }
}
