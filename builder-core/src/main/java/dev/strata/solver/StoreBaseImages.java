package dev.strata.solver;

import dev.strata.image.ImageConfig;
import dev.strata.image.Platform;
import dev.strata.plan.BaseImages;
import dev.strata.store.ImageNotFoundException;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Base images for the planner from the store: FROM resolves local images first, as docker does. */
public final class StoreBaseImages implements BaseImages {
  private final Store store;

  public StoreBaseImages(Store store) {
    this.store = store;
  }

  @Override
  public Optional<ImageConfig> config(String reference, Platform platform) {
    try {
      return Optional.of(
          ResolvedImage.read(store.blobs(), store.images().resolve(reference), platform).config());
    } catch (ImageNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
