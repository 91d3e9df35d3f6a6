package dev.strata.api;

import dev.strata.StrataException;
import dev.strata.cache.CacheArtifact;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheRemote;
import dev.strata.cache.LayoutCache;
import dev.strata.image.ImageReference;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.Origin;
import dev.strata.plan.PlannedStage;
import dev.strata.registry.RegistryClient;
import dev.strata.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** {@code --cache-from} and {@code --cache-to}: where exported cache lives, and exporting it. */
final class CacheTransfers {
  private final Store store;
  private final RegistryClient registry;

  CacheTransfers(Store store, RegistryClient registry) {
    this.store = store;
    this.registry = registry;
  }

  CacheRemote remote(CacheSpec spec) {
    return switch (spec.type()) {
      case CacheSpec.LOCAL -> new LayoutCache(spec.directory());
      case CacheSpec.REGISTRY -> new RegistryCache(registry, ImageReference.parse(spec.location()));
      default -> throw new StrataException("cache type=" + spec.type() + " is not supported");
    };
  }

  /**
   * Exports the steps of {@code report} to each of {@code targets}: those that make the final image
   * (the target stage and the stages it is built FROM) or, with {@code mode=max}, every step built.
   */
  void export(
      BuildPlan plan, BuildReport report, List<CacheSpec> targets, Consumer<BuildEvent> events)
      throws IOException {
    Set<String> imageStages = imageStages(plan);
    for (CacheSpec spec : targets) {
      List<CacheKey> keys = new ArrayList<>();
      for (BuildReport.Step step : report.steps()) {
        if (spec.max() || imageStages.contains(step.stage())) {
          keys.add(CacheKey.parse(step.cacheKey()));
        }
      }
      CacheRemote remote = remote(spec);
      CacheArtifact artifact = CacheIndex.open(store).export(keys);
      remote.write(artifact, store.blobs());
      events.accept(
          new BuildEvent.CacheExported(
              remote.name(), artifact.entries().size(), artifact.layers().size()));
    }
  }

  private static Set<String> imageStages(BuildPlan plan) {
    Set<String> labels = new HashSet<>();
    PlannedStage stage = plan.targetStage();
    while (true) {
      labels.add(stage.label());
      if (!(stage.base() instanceof Origin.Stage parent)) {
        return labels;
      }
      stage = plan.stage(parent.index());
    }
  }
}
