package dev.strata.store;

import dev.strata.Digest;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A second process for the concurrency and crash tests, started in its own JVM from the test class
 * path.
 *
 * <ul>
 *   <li>{@code hammer ROOT N ID}: N rounds of committing blobs, building and tagging images under a
 *       lease, extracting a shared base layer, removing images, collecting garbage, and
 *       incrementing a counter under the store lock; prints {@code DONE}.
 *   <li>{@code crash ROOT}: opens the store, stages half a blob and half a layer directory, prints
 *       {@code READY} and waits to be killed.
 * </ul>
 */
// Locks and leases are held by try-with-resources and never referenced in the body.
@SuppressWarnings("try")
public final class StoreHammer {
  private StoreHammer() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    switch (args[0]) {
      case "hammer" -> hammer(root, Integer.parseInt(args[2]), args[3]);
      case "crash" -> crash(root);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static void hammer(Path root, int rounds, String id) throws IOException {
    Random random = new Random(id.hashCode());
    try (Store store = Store.open(root)) {
      for (int i = 0; i < rounds; i++) {
        try (Lease lease = store.lease()) {
          // The same base layer from both processes: identical blobs, one layer dir.
          Fixtures.TestImage image =
              Fixtures.image(
                  store.blobs(),
                  id + "-" + i,
                  List.of(Fixtures.BASE, Fixtures.layer(id + "-" + (i % 4))));
          store.images().tag(ImageReference.parse("hammer/" + id + ":" + (i % 3)), image.id());
          store.images().tag(ImageReference.parse("hammer/shared:" + (i % 2)), image.id());
          store.layers().ensureAll(image.manifest(), image.config(), Fixtures.TAR);
        }
        byte[] junk = new byte[random.nextInt(100_000)];
        random.nextBytes(junk);
        store.blobs().put(junk, Digest.sha256(junk));
        increment(store, root.resolve("cache/counter"));
        if (i % 5 == 4) {
          try {
            store.images().remove("hammer/" + id + ":" + (i % 3), false);
          } catch (ImageNotFoundException e) {
            // Already gone.
          }
        }
        if (i % 7 == 6) {
          store.collectGarbage();
        }
      }
    }
    System.out.println("DONE");
  }

  /** Read-modify-write that loses updates unless the store lock really excludes. */
  static void increment(Store store, Path counter) throws IOException {
    try (StoreLock lock = store.lock()) {
      int n =
          Files.exists(counter)
              ? Integer.parseInt(Files.readString(counter, StandardCharsets.UTF_8).trim())
              : 0;
      AtomicFiles.write(counter, Integer.toString(n + 1).getBytes(StandardCharsets.UTF_8));
    }
  }

  static void crash(Path root) throws Exception {
    Store store = Store.open(root);
    Ingest ingest = store.blobs().ingest();
    OutputStream out = ingest.stream();
    out.write(new byte[300_000]);
    out.flush();
    Path layer = store.newTempDirectory("layer");
    Files.createDirectories(layer.resolve("diff/usr/bin"));
    Files.writeString(layer.resolve("diff/usr/bin/half"), "half written");
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
