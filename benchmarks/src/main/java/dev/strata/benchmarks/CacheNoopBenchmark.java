package dev.strata.benchmarks;

import dev.strata.Digest;
import dev.strata.cache.CacheEntry;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheKeyEncoder;
import dev.strata.cache.CachedLayer;
import dev.strata.cache.FileSet;
import dev.strata.cache.StepInputs;
import dev.strata.cache.StepKind;
import dev.strata.context.ContextEntry;
import dev.strata.context.EntryType;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.MediaTypes;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cache's share of a no-op rebuild: a ten-step stage (FROM, three RUNs with environment and
 * build args, a COPY of {@code files} context entries, more RUNs and metadata steps) whose inputs
 * are built from already-hashed context entries, keyed, and looked up in an index on disk where
 * every step hits. Context hashing (the stat cache) is measured elsewhere; this is what remains.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheNoopBenchmark {
  @Param({"100", "5000"})
  public int files;

  Path root;
  Store store;
  CacheIndex index;
  List<ContextEntry> context;
  Map<String, Digest> digests;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("strata-cache-bench");
    store = Store.open(root);
    index = CacheIndex.open(store);
    context = new ArrayList<>();
    digests = new HashMap<>();
    context.add(entry("src", EntryType.DIR));
    for (int d = 0; d < Math.max(1, files / 100); d++) {
      context.add(entry("src/d" + d, EntryType.DIR));
      for (int f = 0; f < 100 && context.size() < files; f++) {
        String path = "src/d" + d + "/file" + f + ".txt";
        context.add(entry(path, EntryType.FILE));
        digests.put(path, Digest.sha256(path));
      }
    }
    List<CacheKey> keys = keys();
    List<StepInputs> steps = steps();
    for (int i = 1; i < keys.size(); i++) {
      StepKind kind = steps.get(i).kind();
      boolean layer = kind == StepKind.RUN || kind == StepKind.COPY;
      List<CachedLayer> layers = new ArrayList<>();
      if (layer) {
        byte[] blob = ("layer " + i).getBytes(StandardCharsets.UTF_8);
        Descriptor d = store.blobs().put(MediaTypes.OCI_LAYER, blob);
        layers.add(CachedLayer.of(d, d.digest(), Optional.empty()));
      }
      index.record(
          new CacheEntry(
              keys.get(i),
              layers,
              ContainerConfig.builder().env("PATH", "/usr/bin").workingDir("/app").build(),
              new History(Instant.EPOCH, null, steps.get(i).instruction(), null, !layer),
              steps.get(i).summary(),
              Instant.now()));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    LayerTree.delete(root);
  }

  private static ContextEntry entry(String path, EntryType type) {
    return new ContextEntry(
        path, type, type == EntryType.DIR ? 0755 : 0644, 1000, 1000, 10, Instant.EPOCH, null);
  }

  List<StepInputs> steps() {
    List<String> env = List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8");
    List<StepInputs> steps = new ArrayList<>();
    steps.add(
        StepInputs.builder(StepKind.FROM)
            .instruction("FROM debian:bookworm")
            .baseImage("debian:bookworm", Digest.sha256("debian"))
            .platform("linux/amd64")
            .build());
    for (String cmd : List.of("apt-get update", "apt-get install -y gcc", "pip install lib")) {
      steps.add(run(cmd, env));
    }
    steps.add(StepInputs.builder(StepKind.WORKDIR).instruction("WORKDIR /app").build());
    steps.add(
        StepInputs.builder(StepKind.COPY)
            .instruction("COPY src /app/src")
            .files("src", FileSet.ofContext(context, digests, false))
            .build());
    steps.add(run("make -C /app", env));
    steps.add(run("make -C /app test", env));
    steps.add(StepInputs.builder(StepKind.ENV).instruction("ENV MODE=release").build());
    steps.add(StepInputs.builder(StepKind.CMD).instruction("CMD [\"/app/bin/app\"]").build());
    return steps;
  }

  private static StepInputs run(String cmd, List<String> env) {
    return StepInputs.builder(StepKind.RUN)
        .instruction("RUN " + cmd)
        .envList(env)
        .buildArg("VERSION", "1.0")
        .user("")
        .workdir("/app")
        .shell(List.of("/bin/sh", "-c"))
        .network("default")
        .build();
  }

  List<CacheKey> keys() {
    List<CacheKey> keys = new ArrayList<>();
    Optional<CacheKey> parent = Optional.empty();
    for (StepInputs s : steps()) {
      CacheKey k = CacheKeyEncoder.key(parent, s);
      keys.add(k);
      parent = Optional.of(k);
    }
    return keys;
  }

  /** Building every step's inputs (the COPY's file set included) and chaining the keys. */
  @Benchmark
  public List<CacheKey> keysOnly() {
    return keys();
  }

  /** The whole cache part of a no-op rebuild: inputs, keys, and a hit for every step. */
  @Benchmark
  public void keysAndLookups(Blackhole bh) throws IOException {
    List<CacheKey> keys = keys();
    for (int i = 1; i < keys.size(); i++) {
      Optional<CacheEntry> hit = index.lookup(keys.get(i));
      if (hit.isEmpty()) {
        throw new IllegalStateException("step " + i + " missed");
      }
      bh.consume(hit.get());
    }
  }
}
