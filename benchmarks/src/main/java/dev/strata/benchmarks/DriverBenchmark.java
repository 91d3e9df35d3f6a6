package dev.strata.benchmarks;

import dev.strata.Digest;
import dev.strata.driver.Diff;
import dev.strata.driver.LayerChain;
import dev.strata.driver.LayerRef;
import dev.strata.driver.Snapshot;
import dev.strata.driver.StorageDriver;
import dev.strata.driver.StorageDrivers;
import dev.strata.layer.Compression;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import dev.strata.store.Ingest;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One build step's storage work with each driver: prepare a snapshot on a 5,000-file parent layer
 * (already extracted, as on a warm store), change one file, diff, remove. Overlay pays a mount and
 * a walk of the upper directory; vfs pays a copy of the parent and a walk of the copy. Needs root
 * for overlay (and for the ownership vfs copies).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DriverBenchmark {
  static final int FILES = 5_000;
  static final long BYTES = 20L * 1024 * 1024;

  @Param({"overlay", "vfs"})
  public String driverName;

  Path base;
  Store store;
  StorageDriver driver;
  LayerChain parent;
  String changedFile;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = Files.createTempDirectory("strata-bench-driver");
    Path tree = base.resolve("tree");
    LayerTree.generate(tree, FILES, BYTES, 42);
    try (var files = Files.walk(tree)) {
      changedFile =
          tree.relativize(files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow())
              .toString();
    }
    store = Store.open(base.resolve("store"));
    LayerBlob layer;
    Digest blob;
    try (Ingest ingest = store.blobs().ingest()) {
      layer =
          new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.GZIP))
              .writeTree(tree, ingest.stream());
      blob = ingest.commit(-1, null);
    }
    LayerTree.delete(tree);
    parent = LayerChain.of(new LayerRef(layer.diffId(), blob));
    driver = StorageDrivers.select(driverName, store).driver();
    // Extract the parent once: a warm store, as for every step after the first.
    driver.remove(driver.prepare(parent, "warm"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    LayerTree.delete(base);
  }

  @Benchmark
  public Diff prepareChangeDiffRemove() throws IOException {
    Snapshot s = driver.prepare(parent, "step");
    try {
      Files.writeString(s.rootfs().resolve(changedFile), "changed by the step\n");
      return driver.diff(s);
    } finally {
      driver.remove(s);
    }
  }
}
