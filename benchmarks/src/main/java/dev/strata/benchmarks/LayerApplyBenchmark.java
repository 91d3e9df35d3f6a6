package dev.strata.benchmarks;

import dev.strata.layer.Compression;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * Layer apply throughput: the 5,000-file, ~100 MB layer (held in memory, compressed as the
 * parameter says) extracted into an empty directory each invocation, with whiteout tracking,
 * confined resolution and metadata restore. MB/s is 100 divided by the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LayerApplyBenchmark {
  @Param({"GZIP", "ZSTD", "NONE"})
  public Compression compression;

  Path base;
  byte[] layer;
  Path target;
  final LayerApplier applier = new LayerApplier();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = Files.createTempDirectory("strata-bench");
    Path tree = base.resolve("tree");
    LayerTree.generate(tree, LayerWriteBenchmark.FILES, LayerWriteBenchmark.BYTES, 42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(LayerWriter.Options.defaults().withCompression(compression))
        .writeTree(tree, out);
    layer = out.toByteArray();
    LayerTree.delete(tree);
  }

  @Setup(Level.Invocation)
  public void emptyTarget() throws IOException {
    target = Files.createDirectories(base.resolve("target"));
  }

  @TearDown(Level.Invocation)
  public void removeTarget() throws IOException {
    LayerTree.delete(target);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    LayerTree.delete(base);
  }

  @Benchmark
  public LayerApplier.Result apply() throws IOException {
    return applier.apply(new ByteArrayInputStream(layer), target);
  }
}
