package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.context.BuildContext;
import dev.strata.driver.LayerChain;
import dev.strata.driver.ReadOnlyView;
import dev.strata.image.ImageReference;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.PlannedStage;
import dev.strata.store.ImageWriter;
import dev.strata.store.Lease;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a {@link BuildPlan}: each stage after the stages it needs, independent stages in parallel,
 * each step either reused from the cache or run in a snapshot of its parent, then the target stage
 * written to the store as an image.
 */
public final class Solver {
  private final Store store;
  private final SolveOptions options;
  private final Progress progress;

  public Solver(Store store, SolveOptions options, Progress progress) {
    this.store = store;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Builds {@code plan} from {@code context} and tags the image with {@code tags}.
   *
   * @param dockerfile the Dockerfile's identity for explaining misses (its absolute path)
   * @throws StepFailedException when a step fails (a RUN's exit code becomes the exit code)
   * @throws StrataException for any other user-facing fault
   * @throws InterruptedException when the build is interrupted; running steps are stopped
   */
  public SolveResult solve(
      BuildPlan plan, BuildContext context, String dockerfile, List<String> tags)
      throws IOException, InterruptedException {
    try (Lease lease = store.lease();
        Views views = new Views(options.driver());
        FileSteps files =
            new FileSteps(
                plan.fileName(), context, store.cacheDir(), store.newTempDirectory("downloads"))) {
      BuildSession session =
          new BuildSession(
              store, options, progress, context, plan.fileName(), dockerfile, views, files);
      Map<Integer, CompletableFuture<StageResult>> results = new ConcurrentHashMap<>();
      List<StepOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(options.parallelism(), plan.stages().size()),
              r -> {
                Thread t = new Thread(r, "strata-stage");
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<?>> submitted = new ArrayList<>();
        for (PlannedStage stage : plan.stages()) {
          CompletableFuture<StageResult> future = new CompletableFuture<>();
          results.put(stage.index(), future);
          submitted.add(
              pool.submit(
                  () -> {
                    try {
                      Map<Integer, StageResult> inputs = new HashMap<>();
                      for (int dependency : stage.dependencies()) {
                        inputs.put(dependency, results.get(dependency).join());
                      }
                      future.complete(session.build(stage, inputs, outcomes::add));
                    } catch (Throwable e) {
                      future.completeExceptionally(e);
                    }
                  }));
        }
        StageResult target;
        try {
          target = results.get(plan.target()).get();
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
        List<ImageReference> names = new ArrayList<>();
        for (String tag : tags) {
          names.add(ImageReference.parse(tag).withDefaultTag());
        }
        Digest image = new ImageWriter(store).write(target.config(), target.layers(), names);
        return new SolveResult(image, outcomes);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static RuntimeException rethrow(Throwable cause)
      throws IOException, InterruptedException {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IOException io) {
      throw io;
    }
    if (cause instanceof InterruptedException ie) {
      throw ie;
    }
    if (cause instanceof UncheckedIOException uio) {
      throw uio.getCause();
    }
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(cause);
  }

  /** Read-only views of other stages and images, made on first use and closed with the build. */
  static final class Views implements AutoCloseable {
    private final dev.strata.driver.StorageDriver driver;
    private final Map<Digest, ReadOnlyView> views = new HashMap<>();
    private int counter;

    Views(dev.strata.driver.StorageDriver driver) {
      this.driver = driver;
    }

    synchronized java.nio.file.Path of(LayerChain chain) throws IOException {
      Digest key = chain.chainId().orElse(Digest.sha256(""));
      ReadOnlyView view = views.get(key);
      if (view == null) {
        view = driver.view(chain, "view-" + counter++);
        views.put(key, view);
      }
      return view.root();
    }

    @Override
    public synchronized void close() throws IOException {
      IOException failure = null;
      for (ReadOnlyView view : views.values()) {
        try {
          view.close();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
      }
      views.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
