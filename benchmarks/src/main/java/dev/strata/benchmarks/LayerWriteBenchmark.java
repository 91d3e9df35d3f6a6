package dev.strata.benchmarks;

import dev.strata.layer.Compression;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import java.io.IOException;
import java.io.OutputStream;
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
 * Layer write throughput: a 5,000-file, ~100 MB tree (see {@link LayerTree}) written as a layer
 * with each compression, to a stream that discards the bytes (so the disk is not measured). MB/s is
 * 100 divided by the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LayerWriteBenchmark {
  static final int FILES = 5_000;
  static final long BYTES = 100L << 20;

  @Param({"GZIP", "ZSTD", "NONE"})
  public Compression compression;

  Path base;
  Path tree;
  LayerWriter writer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = Files.createTempDirectory("strata-bench");
    tree = base.resolve("tree");
    LayerTree.generate(tree, FILES, BYTES, 42);
    writer = new LayerWriter(LayerWriter.Options.defaults().withCompression(compression));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    LayerTree.delete(base);
  }

  @Benchmark
  public LayerBlob write() throws IOException {
    return writer.writeTree(tree, OutputStream.nullOutputStream());
  }
}
