package dev.strata.benchmarks;

import dev.strata.api.BuildReport;
import dev.strata.api.BuildRequest;
import dev.strata.api.Builder;
import dev.strata.api.PlanRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
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
 * The no-op rebuild path of {@code strata build}: a context of {@link #FILES} files, built once,
 * then rebuilt with nothing changed, so every step hits. What is measured is planning, hashing the
 * context through the stat cache (no file is read), computing every key, looking them up, and
 * writing the image record. Needs no runc: the Dockerfile has no RUN.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class NoOpRebuildBenchmark {
  static final int FILES = 5_000;

  Path work;
  Builder builder;
  BuildRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    work = Files.createTempDirectory("strata-noop");
    Path context = work.resolve("context");
    Random random = new Random(42);
    byte[] content = new byte[4096];
    for (int i = 0; i < FILES; i++) {
      Path file = context.resolve("src/d" + (i / 100) + "/f" + i);
      Files.createDirectories(file.getParent());
      random.nextBytes(content);
      Files.write(file, content);
    }
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM scratch\nENV APP=/app\nCOPY src/ /app/src/\nLABEL version=1\nWORKDIR /app\n");
    builder = Builder.open(work.resolve("store"));
    request = BuildRequest.of(PlanRequest.of(context), "noop");
    BuildReport first = builder.build(request, e -> {});
    if (first.cached() != 0) {
      throw new IllegalStateException("the first build should run every step");
    }
  }

  @Benchmark
  public BuildReport rebuild() throws InterruptedException {
    BuildReport report = builder.build(request, e -> {});
    if (report.ran() != 0) {
      throw new IllegalStateException("a no-op rebuild ran " + report.ran() + " steps");
    }
    return report;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    builder.close();
    try (Stream<Path> paths = Files.walk(work)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
