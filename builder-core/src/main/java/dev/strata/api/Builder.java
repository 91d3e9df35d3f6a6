package dev.strata.api;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheRemote;
import dev.strata.context.BuildContext;
import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.ParsedDockerfile;
import dev.strata.dockerfile.instructions.Dockerfile;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.driver.StorageDrivers;
import dev.strata.exec.Executor;
import dev.strata.exec.NetworkMode;
import dev.strata.image.Platform;
import dev.strata.layer.Compression;
import dev.strata.plan.BaseImages;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.PlanOptions;
import dev.strata.plan.Planner;
import dev.strata.registry.Puller;
import dev.strata.registry.RegistryClient;
import dev.strata.solver.PullingBaseImages;
import dev.strata.solver.Secrets;
import dev.strata.solver.SolveOptions;
import dev.strata.solver.SolveResult;
import dev.strata.solver.Solver;
import dev.strata.solver.StoreBaseImages;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The entry point for building images from Dockerfiles, for the CLI and for Java callers.
 *
 * <pre>{@code
 * PlanReport plan = Builder.create().plan(PlanRequest.of(Path.of("app")));
 * try (Builder builder = Builder.open(Path.of("/var/lib/strata"))) {
 *   BuildReport built = builder.build(BuildRequest.of(PlanRequest.of(Path.of("app")), "app"), e -> {});
 * }
 * }</pre>
 */
public final class Builder implements AutoCloseable {
  private final Optional<Store> store;
  private final RegistrySettings registry;
  private final boolean pull;

  private Builder(Optional<Store> store) {
    this(store, RegistrySettings.defaults(), false);
  }

  private Builder(Optional<Store> store, RegistrySettings registry, boolean pull) {
    this.store = store;
    this.registry = registry;
    this.pull = pull;
  }

  /**
   * This builder, reaching registries as {@code settings} says when a FROM names an image the store
   * lacks, and with {@code always} ({@code --pull}) pulling every base image again in each build.
   * Shares this builder's store; close either one.
   */
  public Builder withRegistry(RegistrySettings settings, boolean always) {
    return new Builder(store, settings, always);
  }

  /** A builder that plans without a store: base images are not looked up, nothing is built. */
  public static Builder create() {
    return new Builder(Optional.empty());
  }

  /** A builder over the store at {@code root}, created when missing. */
  public static Builder open(Path root) {
    Store store = Store.open(root);
    CacheIndex.open(store); // cache entries are GC roots from the start, as in Images
    return new Builder(Optional.of(store));
  }

  /**
   * Builds an image and stores it, reporting progress to {@code events} as it goes.
   *
   * @throws StrataException for a fault in the Dockerfile, the context or the options, or a step
   *     that failed (a failed RUN's exit code is the exception's exit code)
   * @throws InterruptedException when interrupted; running steps are stopped and nothing is left
   */
  public BuildReport build(BuildRequest request, Consumer<BuildEvent> events)
      throws InterruptedException {
    Store s =
        store.orElseThrow(() -> new IllegalStateException("open a Builder on a store to build"));
    long start = System.nanoTime();
    try {
      PlanRequest p = request.plan();
      List<CacheSpec> cacheFrom = request.cacheFrom().stream().map(CacheSpec::from).toList();
      List<CacheSpec> cacheTo = request.cacheTo().stream().map(CacheSpec::to).toList();
      RegistryClient client = new RegistryClient(registry.options());
      CacheTransfers transfers = new CacheTransfers(s, client);
      List<CacheRemote> remotes = cacheFrom.stream().map(transfers::remote).toList();
      cacheTo.forEach(transfers::remote);
      UnchangedBuilds unchanged = new UnchangedBuilds(s);
      String dockerfileId = dockerfileId(p);
      // --pull may change a base image, and exporting a cache needs the plan: both plan first.
      boolean early = !pull && cacheTo.isEmpty();
      // The earlier build's record and image are read on another core while the context is walked:
      // together they are most of a rebuild that changes nothing.
      CompletableFuture<Optional<UnchangedBuilds.Recorded>> earlier =
          early && UnchangedBuilds.applies(request)
              ? CompletableFuture.supplyAsync(() -> earlierBuild(unchanged, dockerfileId))
              : CompletableFuture.completedFuture(Optional.empty());
      Dockerfile dockerfile;
      BuildContext context;
      Optional<Digest> fingerprint;
      try {
        dockerfile = read(p);
        context =
            p.dockerfile().isPresent()
                ? BuildContext.open(p.context(), p.dockerfile().get())
                : BuildContext.open(p.context());
        fingerprint = unchanged.fingerprint(request, dockerfileId, context);
      } finally {
        // Never left reading the store once the build goes on or fails.
        earlier.join();
      }
      if (early && fingerprint.isPresent()) {
        Optional<BuildReport> same = UnchangedBuilds.matching(earlier.join(), fingerprint.get());
        if (same.isPresent()) {
          same.get().warnings().forEach(w -> events.accept(new BuildEvent.Warning(w)));
          return finish(replay(unchanged, same.get(), request, events), events, start);
        }
      }
      BaseImages bases =
          new PullingBaseImages(
              s,
              new Puller(s, client),
              pull,
              (reference, id) -> events.accept(new BuildEvent.BasePulled(reference, id)));
      BuildPlan plan = Planner.plan(dockerfile, options(p), bases);
      plan.warnings().forEach(w -> events.accept(new BuildEvent.Warning(w)));
      if (!early && fingerprint.isPresent()) {
        Optional<BuildReport> same = unchanged.lookup(dockerfileId, fingerprint.get());
        if (same.isPresent()) {
          BuildReport report = replay(unchanged, same.get(), request, events);
          transfers.export(plan, report, cacheTo, events);
          return finish(report, events, start);
        }
      }
      StorageDrivers.Selection driver =
          StorageDrivers.select(request.storageDriver().orElse(null), s);
      driver.notice().ifPresent(n -> events.accept(new BuildEvent.Warning(n)));
      SolveOptions options =
          new SolveOptions(
              driver.driver(),
              Executor.named(request.executor().orElse("runc"), s.root().resolve("exec")),
              compression(request.compression()),
              request.noCache(),
              request.noCacheStages(),
              network(request.network()),
              secrets(request),
              request.sourceDateEpoch(),
              Runtime.getRuntime().availableProcessors(),
              remotes);
      SolveResult result =
          new Solver(s, options, new ProgressEvents(events))
              .solve(plan, context, dockerfileId, request.tags());
      BuildReport report = BuildReports.of(result, plan.warnings());
      if (fingerprint.isPresent()) {
        unchanged.record(dockerfileId, fingerprint.get(), plan, report);
      }
      transfers.export(plan, report, cacheTo, events);
      return finish(report, events, start);
    } catch (IOException e) {
      throw new StrataException("build failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new StrataException("build failed: " + e.getCause().getMessage(), e);
    }
  }

  /** The earlier build {@code unchanged} recorded, or none when it cannot be read. */
  private static Optional<UnchangedBuilds.Recorded> earlierBuild(
      UnchangedBuilds unchanged, String dockerfileId) {
    try {
      return unchanged.earlier(dockerfileId);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // only costs the shortcut; the full build says what is wrong
    }
  }

  private static BuildReport finish(BuildReport report, Consumer<BuildEvent> events, long start) {
    events.accept(
        new BuildEvent.Finished(
            report.imageId(),
            (int) report.ran(),
            (int) report.cached(),
            Duration.ofNanos(System.nanoTime() - start)));
    return report;
  }

  /**
   * An earlier build's report as this build's: its image retagged, every step a hit, told to the
   * listener.
   */
  private static BuildReport replay(
      UnchangedBuilds unchanged,
      BuildReport earlier,
      BuildRequest request,
      Consumer<BuildEvent> events)
      throws IOException {
    unchanged.tag(earlier, request.tags());
    List<BuildReport.Step> steps = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    earlier.steps().forEach(st -> counts.merge(st.stage(), 1, Integer::sum));
    for (BuildReport.Step st : earlier.steps()) {
      events.accept(
          new BuildEvent.StepCached(
              new BuildEvent.StepRef(
                  st.stage(), st.index(), counts.get(st.stage()), st.instruction(), st.line())));
      steps.add(
          new BuildReport.Step(
              st.stage(),
              st.index(),
              st.instruction(),
              st.line(),
              st.cacheKey(),
              true,
              st.layerDigest(),
              st.layerSize(),
              0,
              null));
    }
    return new BuildReport(earlier.imageId(), earlier.manifestDigest(), steps, earlier.warnings());
  }

  /** What identifies the Dockerfile across builds, for explaining misses. */
  private static String dockerfileId(PlanRequest p) {
    Path context = p.context().toAbsolutePath().normalize();
    if (p.dockerfileText().isPresent()) {
      return context + " (Dockerfile from standard input)";
    }
    return p.dockerfile()
        .orElse(context.resolve("Dockerfile"))
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  private static Compression compression(String name) {
    return switch (name) {
      case "gzip" -> Compression.GZIP;
      case "zstd" -> Compression.ZSTD;
      case "none" -> Compression.NONE;
      default ->
          throw new StrataException("unknown compression \"" + name + "\": use gzip, zstd or none");
    };
  }

  private static NetworkMode network(String name) {
    return switch (name) {
      case "default", "host" -> NetworkMode.HOST;
      case "none" -> NetworkMode.NONE;
      default ->
          throw new StrataException("unknown network \"" + name + "\": use default, host or none");
    };
  }

  private static Secrets secrets(BuildRequest request) {
    Map<String, Secrets.Source> sources = new LinkedHashMap<>();
    for (String spec : request.secrets()) {
      Map.Entry<String, Secrets.Source> e = Secrets.parse(spec);
      sources.put(e.getKey(), e.getValue());
    }
    return new Secrets(sources, request.environment());
  }

  @Override
  public void close() {
    store.ifPresent(
        s -> {
          try {
            s.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Parses and plans a Dockerfile, with everything expanded as a build would expand it.
   *
   * @throws StrataException for a missing context or Dockerfile, a malformed Dockerfile (with file
   *     and line), or bad options
   */
  public PlanReport plan(PlanRequest request) {
    BaseImages bases = store.<BaseImages>map(StoreBaseImages::new).orElse(BaseImages.UNKNOWN);
    BuildPlan plan = Planner.plan(read(request), options(request), bases);
    return PlanReports.of(plan);
  }

  private static Dockerfile read(PlanRequest request) {
    Path context = request.context();
    if (!Files.isDirectory(context)) {
      throw new StrataException(
          "build context "
              + context
              + (Files.exists(context) ? " is not a directory" : " does not exist"));
    }
    ParsedDockerfile parsed =
        request.dockerfileText().isPresent()
            ? DockerfileParser.parse(request.dockerfileText().get(), "Dockerfile")
            : DockerfileParser.parse(request.dockerfile().orElse(context.resolve("Dockerfile")));
    return InstructionParser.parse(parsed);
  }

  private static PlanOptions options(PlanRequest request) {
    PlanOptions options = PlanOptions.defaults().withBuildArgs(request.buildArgs());
    if (request.target().isPresent()) {
      options = options.withTarget(request.target().get());
    }
    if (request.platform().isPresent()) {
      options = options.withTargetPlatform(Platform.parse(request.platform().get()));
    }
    return options;
  }
}
