package dev.strata.solver;

import dev.strata.StrataException;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Platform;
import dev.strata.plan.BaseImages;
import dev.strata.registry.Puller;
import dev.strata.store.Store;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Base images from the store, pulled from their registry when the store lacks them, as docker build
 * does; with {@code always} ({@code --pull}) every named base is pulled once per build, so a moved
 * tag is seen. The image lands in the store before the planner reads its config, so the solver's
 * FROM finds it there and keys the stage on its manifest digest.
 */
public final class PullingBaseImages implements BaseImages {
  private final StoreBaseImages stored;
  private final Puller puller;
  private final boolean always;
  private final BiConsumer<String, String> pulledImages;
  private final Set<String> pulled = ConcurrentHashMap.newKeySet();

  /** {@code pulled} hears of each base pulled: its reference and the image id it was pulled as. */
  public PullingBaseImages(
      Store store, Puller puller, boolean always, BiConsumer<String, String> pulled) {
    this.stored = new StoreBaseImages(store);
    this.puller = puller;
    this.always = always;
    this.pulledImages = pulled;
  }

  @Override
  public Optional<ImageConfig> config(String reference, Platform platform) {
    if (!ImageReference.isValid(reference)) {
      return stored.config(reference, platform);
    }
    if (always && pulled.add(reference + " " + platform)) {
      pull(reference, platform);
    }
    Optional<ImageConfig> local = stored.config(reference, platform);
    if (local.isPresent() || !pulled.add(reference + " " + platform)) {
      return local;
    }
    pull(reference, platform);
    return stored.config(reference, platform);
  }

  private void pull(String reference, Platform platform) {
    try {
      var image = puller.pull(ImageReference.parse(reference), platform, line -> {});
      pulledImages.accept(reference, image.id().toString());
    } catch (StrataException e) {
      throw new StrataException("not in the store, and " + e.getMessage(), e);
    }
  }
}
