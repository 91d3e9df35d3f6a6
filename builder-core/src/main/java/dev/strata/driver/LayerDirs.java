package dev.strata.driver;

import dev.strata.Digest;
import dev.strata.layer.LayerApplier;
import dev.strata.layer.LayerApplier.WhiteoutMode;
import dev.strata.store.LayerDir;
import dev.strata.store.LayerExtractor;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer directories of a chain, extracted once each under the store's {@code layers/} with
 * their whiteouts kept in the form the drivers read: overlayfs' own where this process may make it
 * (root), else OCI's files. Both drivers use the same directories.
 */
final class LayerDirs {
  private final Store store;
  private final WhiteoutMode mode;

  LayerDirs(Store store, WhiteoutMode mode) {
    this.store = store;
    this.mode = mode;
  }

  /** Every layer's directory, base first, extracting those not there yet. */
  List<LayerDir> ensure(LayerChain chain) throws IOException {
    List<LayerDir> out = new ArrayList<>();
    Digest parent = null;
    for (LayerRef ref : chain.layers()) {
      LayerDir dir = store.layers().ensure(parent, ref.diffId(), ref.blob(), extractor(ref));
      out.add(dir);
      parent = dir.chainId();
    }
    return out;
  }

  /** The diff directories of {@link #ensure}, base first. */
  List<Path> diffs(LayerChain chain) throws IOException {
    return ensure(chain).stream().map(LayerDir::diff).toList();
  }

  private LayerExtractor extractor(LayerRef ref) {
    LayerApplier applier = new LayerApplier(LayerApplier.Options.defaults().withWhiteouts(mode));
    return (in, target) -> applier.apply(in, target, "blob " + ref.blob()).diffId();
  }
}
