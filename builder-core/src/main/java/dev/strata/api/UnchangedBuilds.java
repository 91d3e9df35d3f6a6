package dev.strata.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.context.BuildContext;
import dev.strata.context.ContextSnapshot;
import dev.strata.fs.AtomicFiles;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.Platform;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.Origin;
import dev.strata.plan.PlannedStage;
import dev.strata.plan.Step;
import dev.strata.store.ImageNotFoundException;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rebuild that changes nothing, answered without planning or solving. After a build, its inputs
 * are recorded per Dockerfile: a fingerprint of the Dockerfile's bytes, the build args, target,
 * platform and options and the {@link ContextSnapshot} of the context, and beside it the store id
 * each base and --from image reference of the plan resolved to. When the next build has the same
 * fingerprint, every recorded reference still resolves to the same id and the image is still whole
 * in the store, every step would hit and give that image, so it is returned as is (retagged)
 * without planning, hashing a file or computing a key: the plan is a function of the same text,
 * args and images (ONBUILD triggers and inherited config come from those ids). Any difference, a
 * racy context, {@code --no-cache} or a missing image falls back to the full build; a fingerprint
 * that matches wrongly would need an equal snapshot of files that changed, which the change times
 * rule out.
 */
final class UnchangedBuilds {
  /** Bump when what a build produces from the same inputs changes. */
  private static final String VERSION = "strata.unchanged.v2";

  private static final Duration RACY = Duration.ofSeconds(2);

  /**
   * Made on first use, not with the class: a rebuild that changes nothing first needs it to read
   * the earlier record on another core, while the main thread walks the context.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Store store;

  UnchangedBuilds(Store store) {
    this.store = store;
  }

  /**
   * What is stored per Dockerfile.
   *
   * @param images each image reference the plan named, as {@code reference=id}
   */
  record Recorded(String fingerprint, List<String> images, BuildReport report) {}

  /** Whether {@code request} may be answered by an earlier build at all (not with --no-cache). */
  static boolean applies(BuildRequest request) {
    return !request.noCache() && request.noCacheStages().isEmpty();
  }

  /** The fingerprint of this build, or empty when it must not be short-cut. */
  Optional<Digest> fingerprint(BuildRequest request, String dockerfileId, BuildContext context)
      throws IOException {
    if (!applies(request)) {
      return Optional.empty();
    }
    Optional<Digest> snapshot = ContextSnapshot.of(context, Instant.now(), RACY);
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    PlanRequest p = request.plan();
    Map<String, Object> parts = new TreeMap<>();
    parts.put("version", VERSION);
    parts.put("dockerfile", dockerfileId);
    parts.put("text", Digest.sha256(dockerfileBytes(p, dockerfileId)).toString());
    parts.put("args", new TreeMap<>(p.buildArgs()));
    parts.put("target", p.target().orElse(""));
    parts.put("platform", p.platform().orElse(Platform.host().toString()));
    parts.put("compression", request.compression());
    parts.put("driver", request.storageDriver().orElse(""));
    parts.put("executor", request.executor().orElse(""));
    parts.put("network", request.network());
    parts.put("secrets", request.secrets());
    parts.put("epoch", request.sourceDateEpoch().map(Instant::toString).orElse(""));
    parts.put("context", snapshot.get().toString());
    return Optional.of(Digest.sha256(Json.MAPPER.writeValueAsBytes(parts)));
  }

  /** The earlier build with this fingerprint, if its image is still whole in the store. */
  Optional<BuildReport> lookup(String dockerfileId, Digest fingerprint) throws IOException {
    return matching(earlier(dockerfileId), fingerprint);
  }

  /** {@code earlier} if it was made with {@code fingerprint}. */
  static Optional<BuildReport> matching(Optional<Recorded> earlier, Digest fingerprint) {
    return earlier
        .filter(r -> fingerprint.toString().equals(r.fingerprint()))
        .map(Recorded::report);
  }

  /**
   * The last build recorded for the Dockerfile, if every image reference it named still resolves to
   * the same id and its image is still whole in the store: only its fingerprint is left to compare.
   * Reads the store alone, so it may run while the context is walked.
   */
  Optional<Recorded> earlier(String dockerfileId) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path(dockerfileId));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Recorded recorded;
    try {
      recorded = Json.MAPPER.readValue(bytes, Recorded.class);
    } catch (IOException e) {
      return Optional.empty(); // a damaged record only costs the shortcut
    }
    if (recorded.fingerprint() == null || recorded.images() == null) {
      return Optional.empty();
    }
    for (String image : recorded.images()) {
      int eq = image.lastIndexOf('=');
      try {
        if (!store
            .images()
            .resolve(image.substring(0, eq))
            .toString()
            .equals(image.substring(eq + 1))) {
          return Optional.empty();
        }
      } catch (ImageNotFoundException e) {
        return Optional.empty();
      }
    }
    Digest id = Digest.parse(recorded.report().manifestDigest());
    try {
      if (store.images().get(id).isEmpty()) {
        return Optional.empty();
      }
      // A build's image is one manifest: its config and layers are what must still be here.
      Manifest manifest = Manifest.parse(store.blobs().readAllBytes(id), "manifest " + id);
      if (!store.blobs().exists(manifest.config().digest())) {
        return Optional.empty();
      }
      for (Descriptor layer : manifest.layers()) {
        if (!store.blobs().exists(layer.digest())) {
          return Optional.empty();
        }
      }
    } catch (StrataException | NoSuchFileException e) {
      return Optional.empty(); // damaged or gone: the full build says what is wrong
    }
    return Optional.of(recorded);
  }

  /** Gives the image its tags, as the full build would. */
  void tag(BuildReport report, List<String> tags) throws IOException {
    Digest id = Digest.parse(report.manifestDigest());
    for (String tag : tags) {
      store.images().tag(ImageReference.parse(tag).withDefaultTag(), id);
    }
  }

  /** Records a finished build; nothing when an image the plan named is no longer in the store. */
  void record(String dockerfileId, Digest fingerprint, BuildPlan plan, BuildReport report)
      throws IOException {
    List<String> images = new ArrayList<>();
    for (PlannedStage stage : plan.stages()) {
      List<Origin> origins = new ArrayList<>();
      origins.add(stage.base());
      for (Step step : stage.steps()) {
        origins.addAll(step.origins().values());
      }
      for (Origin origin : origins) {
        if (origin instanceof Origin.Image image) {
          try {
            images.add(image.reference() + "=" + store.images().resolve(image.reference()));
          } catch (ImageNotFoundException e) {
            return;
          }
        }
      }
    }
    Path target = path(dockerfileId);
    Files.createDirectories(target.getParent());
    AtomicFiles.write(
        target,
        Json.MAPPER.writeValueAsBytes(new Recorded(fingerprint.toString(), images, report)),
        store.newTempDirectory("unchanged"));
  }

  private Path path(String dockerfileId) {
    return store.cacheDir().resolve("unchanged").resolve(Digest.sha256(dockerfileId).encoded());
  }

  private static byte[] dockerfileBytes(PlanRequest p, String dockerfileId) throws IOException {
    if (p.dockerfileText().isPresent()) {
      return p.dockerfileText().get().getBytes(StandardCharsets.UTF_8);
    }
    return Files.readAllBytes(Path.of(dockerfileId));
  }
}
