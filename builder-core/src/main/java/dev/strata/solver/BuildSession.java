package dev.strata.solver;

import com.google.common.base.Suppliers;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.cache.BuildRecord;
import dev.strata.cache.CacheEntry;
import dev.strata.cache.CacheImport;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CachePolicy;
import dev.strata.cache.CachedLayer;
import dev.strata.cache.MissReason;
import dev.strata.cache.RecordedStep;
import dev.strata.cache.StepInputs;
import dev.strata.context.BuildContext;
import dev.strata.driver.Diff;
import dev.strata.driver.LayerChain;
import dev.strata.driver.LayerRef;
import dev.strata.driver.Snapshot;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import dev.strata.plan.Origin;
import dev.strata.plan.PlannedStage;
import dev.strata.plan.StageConfig;
import dev.strata.plan.Step;
import dev.strata.plan.StepHistory;
import dev.strata.solver.copy.EarlierFiles;
import dev.strata.store.ImageNotFoundException;
import dev.strata.store.ImageWriter;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Builds the stages of one build, sharing the build's store, cache, context and views. */
final class BuildSession {
  private final Store store;
  private final SolveOptions options;
  private final Progress progress;
  private final BuildContext context;
  private final String fileName;
  private final Solver.Views views;
  private final FileSteps files;
  private final StepCache cache;
  private final StepWork work;
  private final String dockerfile;

  BuildSession(
      Store store,
      SolveOptions options,
      Progress progress,
      BuildContext context,
      String fileName,
      String dockerfile,
      Solver.Views views,
      FileSteps files) {
    this.store = store;
    this.options = options;
    this.progress = progress;
    this.context = context;
    this.fileName = fileName;
    this.views = views;
    this.files = files;
    this.dockerfile = dockerfile;
    CacheIndex index = CacheIndex.open(store);
    this.cache =
        new StepCache(
            index,
            new CacheImport(store, index, options.cacheFrom(), progress::warning),
            files,
            dockerfile);
    this.work = new StepWork(store, options, progress, fileName, files);
  }

  StageResult build(
      PlannedStage stage, Map<Integer, StageResult> inputs, Consumer<StepOutcome> outcomes)
      throws IOException, InterruptedException {
    StageResult base = base(stage, inputs);
    Optional<MissReason> bypass =
        new CachePolicy(options.noCache(), options.noCacheStages())
            .bypassReason(stage.name(), stage.index());
    LayerChain chain = base.chain();
    List<Descriptor> layers = new ArrayList<>(base.layers());
    ImageConfig config = base.config();
    StageConfig stageConfig =
        new StageConfig(config.config(), Optional.ofNullable(config.author()));
    CacheKey key = base.key();
    Instant lastCreated = config.created();
    Map<Origin, CacheKey> stageKeys = new HashMap<>();
    inputs.forEach((i, r) -> stageKeys.put(originOf(i, stage), r.key()));
    // Read only when a step misses: a rebuild that hits everywhere never needs it.
    Supplier<Optional<BuildRecord>> previous = Suppliers.memoize(() -> previousRecord(stage));
    List<RecordedStep> recorded = new ArrayList<>();
    cache.fromStep(key).ifPresent(recorded::add);
    Set<Integer> hits = new HashSet<>();
    String spareName = dockerfile + "\n" + stage.label();
    Held held = new Held(spareName);
    // The spare tree a step took files from, whatever is left of it.
    List<Path> claimed = new ArrayList<>();
    try {
      for (Step step : stage.steps()) {
        StepId id =
            new StepId(
                stage.label(), step.index(), stage.steps().size(), step.text(), step.startLine());
        StepSources sources = new StepSources(step, context, origin -> rootOf(origin, inputs));
        StepInputs stepInputs = cache.inputs(step, sources, stageKeys);
        CacheKey stepKey = cache.key(key, stepInputs);
        recorded.add(new RecordedStep(step.index(), Optional.of(key), stepKey, stepInputs));
        Optional<CacheEntry> hit = bypass.isPresent() ? Optional.empty() : cache.lookup(stepKey);
        // Asked only of a step that missed: for COPY --from it mounts the source stage.
        boolean linked = hit.isEmpty() && files.linksLayer(step, sources);
        Optional<CacheKey> linkedKey =
            linked ? Optional.of(cache.linkedKey(stepInputs)) : Optional.empty();
        // A --link layer made on another parent is this step's layer too.
        boolean reused = false;
        if (hit.isEmpty() && bypass.isEmpty() && linkedKey.isPresent()) {
          hit = cache.lookup(linkedKey.get());
          reused = hit.isPresent();
        }
        Produced produced;
        Duration elapsed = Duration.ZERO;
        Optional<String> missReason = Optional.empty();
        if (hit.isPresent()) {
          hits.add(step.index());
          produced = Produced.of(hit.get());
          progress.cached(id);
        } else {
          missReason =
              Optional.of(
                  bypass
                      .map(MissReason::toString)
                      .orElseGet(
                          () -> cache.explain(stage.label(), recorded, hits, previous.get())));
          progress.started(id, missReason.get());
          long start = System.nanoTime();
          // Looked up only once the step has files to copy or a layer to write.
          Earlier earlier =
              new Earlier(
                  Suppliers.memoize(
                      () -> bypass.isPresent() ? List.of() : previousLayers(step, previous)),
                  bypass.isPresent() ? Optional.empty() : Optional.of(spareName),
                  claimed);
          try {
            produced =
                run(step, id, linked ? LayerChain.empty() : chain, sources, !linked, held, earlier);
          } catch (IOException | RuntimeException e) {
            progress.failed(id, Duration.ofNanos(System.nanoTime() - start), e.getMessage());
            throw e;
          }
          elapsed = Duration.ofNanos(System.nanoTime() - start);
        }
        History history =
            new History(produced.created(), null, StepHistory.createdBy(step), null, false);
        Optional<CachedLayer> layer = Optional.empty();
        if (produced.layer() != null) {
          LayerRef ref = new LayerRef(produced.diffId(), produced.layer().digest());
          chain = chain.with(ref);
          layer = Optional.of(CachedLayer.of(produced.layer(), produced.diffId(), chain.chainId()));
          layers.add(produced.layer());
          config = config.withLayer(produced.diffId(), history);
        } else {
          config = config.withEmptyLayerHistory(history);
        }
        stageConfig.apply(step);
        if (hit.isEmpty() || reused) {
          CacheEntry entry =
              new CacheEntry(
                  stepKey,
                  layer.map(List::of).orElse(List.of()),
                  stageConfig.config(),
                  new History(
                      produced.created(),
                      null,
                      StepHistory.createdBy(step),
                      null,
                      produced.layer() == null),
                  stepInputs.summary(),
                  Instant.now());
          cache.record(entry);
          if (!reused && linkedKey.isPresent()) {
            cache.record(entry.withKey(linkedKey.get()));
          }
        }
        if (hit.isEmpty()) {
          progress.done(id, elapsed, layer.map(CachedLayer::size).orElse(0L));
        }
        lastCreated = produced.created();
        key = stepKey;
        outcomes.accept(
            new StepOutcome(
                id,
                stepKey,
                hit.isPresent(),
                Optional.ofNullable(produced.layer()),
                elapsed,
                missReason));
      }
    } catch (Throwable t) {
      try {
        held.settle(false);
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    } finally {
      for (Path c : claimed) {
        TreeDeletion.delete(c);
      }
    }
    held.settle(true);
    cache.save(stage.label(), recorded);
    ImageConfig result =
        config
            .withConfig(stageConfig.config())
            .withCreated(lastCreated, stageConfig.author().orElse(null));
    return new StageResult(chain, layers, result, key);
  }

  /**
   * The layers {@code step} made in the previous build: a step that runs again most likely makes
   * them again, a few files apart. None when they cannot be read.
   */
  private List<CachedLayer> previousLayers(Step step, Supplier<Optional<BuildRecord>> previous) {
    try {
      return cache.previousLayers(previous.get(), step.index());
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * What the previous build of a stage left that a step running again may reuse: the layers the
   * same step made (their files, their compressed segments), and the name of the stage's spare tree
   * (none with --no-cache).
   */
  private record Earlier(
      Supplier<List<CachedLayer>> layers, Optional<String> spareName, List<Path> claimed) {}

  /**
   * Files a copy into {@code snapshot} may take instead of writing them: where the driver lets it
   * link files into the snapshot (overlay), those of the directory of the layer the same step made
   * before, if it is extracted (extracting it would cost more than the links save); where the
   * snapshot is a plain tree (vfs), those of the stage's spare tree, which only this build may then
   * use.
   */
  private Optional<EarlierFiles> earlierFiles(Earlier earlier, Snapshot snapshot) {
    try {
      Optional<Path> upper = options.driver().linkableUpper(snapshot);
      if (upper.isPresent()) {
        List<CachedLayer> layers = earlier.layers().get();
        if (layers.size() != 1 || layers.get(0).chainId().isEmpty()) {
          return Optional.empty();
        }
        return store
            .layers()
            .get(layers.get(0).chainId().get())
            .map(dir -> new EarlierFiles(dir.diff(), upper.get(), EarlierFiles.Take.LINK));
      }
      Optional<Path> tree = options.driver().movableTree(snapshot);
      if (tree.isEmpty() || earlier.spareName().isEmpty() || !Syscalls.isRoot()) {
        return Optional.empty();
      }
      Optional<Path> spare = store.spares().take(earlier.spareName().get());
      // What the step leaves of it goes when the stage ends, not with the store.
      spare.ifPresent(earlier.claimed()::add);
      return spare.map(s -> new EarlierFiles(s, tree.get(), EarlierFiles.Take.MOVE));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // damaged metadata, say: only costs the files' writing
    }
  }

  private Optional<BuildRecord> previousRecord(PlannedStage stage) {
    try {
      return cache.previous(stage.label());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Origin originOf(int index, PlannedStage stage) {
    for (Step step : stage.steps()) {
      for (Origin o : step.origins().values()) {
        if (o instanceof Origin.Stage s && s.index() == index) {
          return o;
        }
      }
    }
    return stage.base();
  }

  /**
   * What a step made or, for a hit, made before: its layer (null when it added none), the layer's
   * diff id, and when it was made.
   */
  private record Produced(Descriptor layer, Digest diffId, Instant created) {
    static Produced of(CacheEntry entry) {
      if (entry.layers().isEmpty()) {
        return new Produced(null, null, entry.history().created());
      }
      CachedLayer l = entry.layers().get(0);
      return new Produced(l.descriptor(), l.diffId(), entry.history().created());
    }
  }

  /**
   * Runs a step that missed on a snapshot of {@code chain} and stores its layer; {@code adopt} lets
   * the driver keep the snapshot as the layer's directory, which is only right when {@code chain}
   * is the image's own chain (not for the empty tree a --link layer is made in). {@code earlier}:
   * what the previous build left, whose files a copy may take and whose compressed segments the new
   * layer may reuse.
   */
  private Produced run(
      Step step,
      StepId id,
      LayerChain chain,
      StepSources sources,
      boolean adopt,
      Held held,
      Earlier earlier)
      throws IOException, InterruptedException {
    Instant created = options.sourceDateEpoch().orElse(Instant.now());
    if (StageConfig.metadataOnly(step)) {
      return new Produced(null, null, created);
    }
    String snapshotId = "s" + step.stage() + "-" + step.index();
    Optional<Snapshot> continued = held.take(chain, snapshotId);
    Snapshot snapshot =
        continued.isPresent() ? continued.get() : options.driver().prepare(chain, snapshotId);
    boolean kept = false;
    try {
      Optional<EarlierFiles> files =
          adopt && FileSteps.copies(step) ? earlierFiles(earlier, snapshot) : Optional.empty();
      work.apply(step, id, snapshot.rootfs(), sources, files);
      Diff diff = options.driver().diff(snapshot);
      if (diff.changes().isEmpty()) {
        return new Produced(null, null, created);
      }
      LayerWriter.Options writerOptions =
          LayerWriter.Options.defaults()
              .withCompression(options.compression())
              // A rewrite of the earlier layer shares most of its compressed segments.
              .withReuse(
                  store
                      .segments()
                      .source(earlier.layers().get().stream().map(CachedLayer::blob).toList()));
      if (options.sourceDateEpoch().isPresent()) {
        writerOptions = writerOptions.withSourceDateEpoch(options.sourceDateEpoch().get());
      }
      LayerBlob blob =
          new ImageWriter(store)
              .writeLayer(new LayerWriter(writerOptions), diff.root(), diff.changes());
      LayerRef top = new LayerRef(blob.diffId(), blob.digest());
      if (adopt && options.driver().continues()) {
        // The next step may go on in this very tree: hold it until that is known.
        held.hold(snapshot, diff, top);
        kept = true;
      } else if (adopt) {
        // The snapshot already holds the layer: keep it as the layer's directory when the driver
        // can, instead of extracting the blob again for the next step.
        options.driver().commit(snapshot, diff, top);
      }
      return new Produced(
          new Descriptor(blob.mediaType(), blob.digest(), blob.size()), blob.diffId(), created);
    } finally {
      if (!kept) {
        options.driver().remove(snapshot);
      }
    }
  }

  /**
   * The finished snapshot of a stage's last step that ran, held back while the driver may hand it
   * on to the next one ({@link dev.strata.driver.StorageDriver#continueWith}): when the next step
   * stands on exactly its chain, its tree is that step's snapshot and nothing is copied. Anything
   * else (a hit, a --link step, the end of the stage, a failure) commits it as usual, except that
   * at the end of the stage it may become the stage's spare tree instead ({@link #settle}).
   */
  private final class Held {
    private final String spareName;
    private Snapshot snapshot;
    private Diff diff;
    private LayerRef top;

    /**
     * @param spareName the stage's spare tree, which its last snapshot becomes
     */
    Held(String spareName) {
      this.spareName = spareName;
    }

    void hold(Snapshot snapshot, Diff diff, LayerRef top) {
      this.snapshot = snapshot;
      this.diff = diff;
      this.top = top;
    }

    /** The held snapshot continued as snapshot {@code id} of {@code chain}, if it stands there. */
    Optional<Snapshot> take(LayerChain chain, String id) throws IOException {
      if (snapshot == null) {
        return Optional.empty();
      }
      if (!snapshot.parent().with(top).equals(chain)) {
        settle(false);
        return Optional.empty();
      }
      Snapshot done = snapshot;
      Optional<Snapshot> next = options.driver().continueWith(done, chain, id);
      if (next.isEmpty()) {
        settle(false);
      } else {
        snapshot = null;
      }
      return next;
    }

    /**
     * Commits and removes the held snapshot, if any. With {@code last}, at the end of a stage that
     * built, its tree becomes the stage's spare tree instead, where the driver's tree is a plain
     * directory (vfs) and files can be taken from it (as root): whole, so that the next build can
     * take the files of this last step too; the layer directory of the step is then made from its
     * blob if something needs it.
     */
    void settle(boolean last) throws IOException {
      if (snapshot == null) {
        return;
      }
      Snapshot s = snapshot;
      snapshot = null;
      try {
        if (!(last && spare(s))) {
          options.driver().commit(s, diff, top);
        }
      } finally {
        options.driver().remove(s);
      }
    }

    /** Keeps {@code s}'s tree as the stage's spare tree; returns whether it did. */
    private boolean spare(Snapshot s) {
      Optional<Path> tree = options.driver().movableTree(s);
      if (tree.isEmpty() || !Syscalls.isRoot()) {
        return false;
      }
      try {
        store.spares().keep(spareName, tree.get());
        return true;
      } catch (IOException | RuntimeException e) {
        return false; // the tree is committed and deleted with the snapshot, as it would have been
      }
    }
  }

  /** Where FROM starts: scratch, an image in the store, or an earlier stage's result. */
  private StageResult base(PlannedStage stage, Map<Integer, StageResult> inputs)
      throws IOException {
    Origin base = stage.base();
    if (base instanceof Origin.Stage s) {
      return inputs.get(s.index());
    }
    if (base instanceof Origin.Scratch) {
      return new StageResult(
          LayerChain.empty(),
          List.of(),
          ImageConfig.empty(stage.platform()),
          cache.scratchKey(stage.platform()));
    }
    ResolvedImage image = image(((Origin.Image) base).reference(), stage);
    return new StageResult(
        LayerChain.of(image.manifest(), image.config()),
        image.manifest().layers(),
        image.config(),
        cache.imageKey(image.manifestDescriptor().digest(), stage.platform()));
  }

  ResolvedImage image(String reference, PlannedStage stage) throws IOException {
    Digest id;
    try {
      id = store.images().resolve(reference);
    } catch (ImageNotFoundException e) {
      throw new StrataException(
          fileName + ":" + stage.fromLine() + ": base image " + reference + " is not in the store");
    }
    return ResolvedImage.read(store.blobs(), id, stage.platform());
  }

  private Path rootOf(Origin origin, Map<Integer, StageResult> inputs) {
    try {
      if (origin instanceof Origin.Stage s) {
        return views.of(inputs.get(s.index()).chain());
      }
      Origin.Image image = (Origin.Image) origin;
      Digest id = store.images().resolve(image.reference());
      ResolvedImage resolved =
          ResolvedImage.read(store.blobs(), id, dev.strata.image.Platform.host());
      return views.of(LayerChain.of(resolved.manifest(), resolved.config()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
