package dev.strata.benchmarks;

import dev.strata.context.BuildContext;
import dev.strata.solver.copy.CopyRequest;
import dev.strata.solver.copy.CopyResult;
import dev.strata.solver.copy.CopySource;
import dev.strata.solver.copy.EarlierFiles;
import dev.strata.solver.copy.FileCopier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A COPY of a 5,000-file, ~100 MB context ({@link LayerTree}) run again after one file changed:
 * hard-linking the files the earlier copy wrote that are still what the copy would write ({@code
 * linking}, as overlay does from the previous layer's directory) against writing every file ({@code
 * writing}). Each invocation copies into a new empty directory; none is deleted until the trial
 * ends, since on some file systems (ext4 without a journal) deleting thousands of files slows the
 * files created in the following minute, which would favour linking further. {@code writing} leaves
 * ~100 MB per invocation in {@code java.io.tmpdir} until then (a few GB). Needs root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class CopyRewriteBenchmark {
  Path base;
  Path earlier;
  CopyRequest request;
  FileCopier copier;
  Path target;
  final AtomicInteger runs = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = Files.createTempDirectory("strata-bench");
    Path ctx = base.resolve("ctx");
    LayerTree.generate(
        ctx.resolve("src"), LayerWriteBenchmark.FILES, LayerWriteBenchmark.BYTES, 42);
    request =
        CopyRequest.copy(CopySource.context(BuildContext.open(ctx)))
            .sources("src/")
            .destination("/app/")
            .build();
    copier = new FileCopier();
    earlier = Files.createDirectories(base.resolve("earlier")).toRealPath();
    copier.copy(request, earlier);
    Path changed;
    try (Stream<Path> files = Files.walk(ctx.resolve("src"))) {
      List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
      changed = all.get(all.size() / 2);
    }
    Files.writeString(changed, "one more line\n", StandardOpenOption.APPEND);
    // Linking must really happen (it needs root): else both benchmarks measure writing.
    Path probe = Files.createDirectories(base.resolve("probe")).toRealPath();
    CopyResult r =
        copier.copy(
            request, probe, Optional.of(new EarlierFiles(earlier, probe, EarlierFiles.Take.LINK)));
    if (r.counts().taken() != r.counts().files() - 1) {
      throw new IllegalStateException(
          "linked " + r.counts().taken() + " of " + r.counts().files() + " files (run as root)");
    }
  }

  @Setup(Level.Invocation)
  public void emptyTarget() throws IOException {
    target = Files.createDirectories(base.resolve("run-" + runs.incrementAndGet())).toRealPath();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    copier.close();
    LayerTree.delete(base);
  }

  @Benchmark
  public CopyResult linking() {
    return copier.copy(
        request, target, Optional.of(new EarlierFiles(earlier, target, EarlierFiles.Take.LINK)));
  }

  @Benchmark
  public CopyResult writing() {
    return copier.copy(request, target);
  }
}
