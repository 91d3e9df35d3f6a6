package dev.strata.benchmarks;

import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import dev.strata.layer.SegmentSource;
import dev.strata.layer.SegmentTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a gzip layer again after one of its 5,000 files (~100 MB, see {@link LayerTree}) changed:
 * taking the unchanged segments' compressed bytes from the layer written before ({@code reusing},
 * served from memory here, so neither the disk nor the store is measured) against deflating
 * everything ({@code fresh}). Both write the same bytes to a stream that discards them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LayerRewriteBenchmark {
  Path base;
  Path tree;
  LayerWriter fresh;
  LayerWriter reusing;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = Files.createTempDirectory("strata-bench");
    tree = base.resolve("tree");
    LayerTree.generate(tree, LayerWriteBenchmark.FILES, LayerWriteBenchmark.BYTES, 42);
    fresh = new LayerWriter(LayerWriter.Options.defaults());
    ByteArrayOutputStream before = new ByteArrayOutputStream();
    LayerBlob written = fresh.writeTree(tree, before);
    reusing = new LayerWriter(LayerWriter.Options.defaults().withReuse(source(before, written)));
    Path changed;
    try (Stream<Path> files = Files.walk(tree)) {
      List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
      changed = all.get(all.size() / 2);
    }
    Files.writeString(changed, "one more line\n", StandardOpenOption.APPEND);
  }

  /** The segments of a layer written before, by the checksum and size of their input. */
  private static SegmentSource source(ByteArrayOutputStream bytes, LayerBlob blob) {
    byte[] all = bytes.toByteArray();
    SegmentTable table = blob.segments().orElseThrow();
    Map<List<Integer>, byte[]> compressed = new HashMap<>();
    for (SegmentTable.Segment s : table.segments()) {
      int from = (int) s.offset();
      compressed.put(
          List.of(s.inputChecksum(), s.size()),
          Arrays.copyOfRange(all, from, from + s.compressedSize()));
    }
    return (inputChecksum, size, deflater) ->
        deflater == table.deflater() ? compressed.get(List.of(inputChecksum, size)) : null;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    LayerTree.delete(base);
  }

  @Benchmark
  public LayerBlob reusing() throws IOException {
    return reusing.writeTree(tree, OutputStream.nullOutputStream());
  }

  @Benchmark
  public LayerBlob fresh() throws IOException {
    return fresh.writeTree(tree, OutputStream.nullOutputStream());
  }
}
