package dev.strata.driver;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.ChainId;
import dev.strata.image.ImageConfig;
import dev.strata.image.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The layers a snapshot stands on, base first; empty for {@code FROM scratch}. */
public record LayerChain(List<LayerRef> layers) {
  public LayerChain {
    layers = List.copyOf(layers);
  }

  /** No layers: the parent of a first step on {@code scratch}. */
  public static LayerChain empty() {
    return new LayerChain(List.of());
  }

  public static LayerChain of(LayerRef... layers) {
    return new LayerChain(List.of(layers));
  }

  /** The layers of an image: its config's diff ids paired with its manifest's layer blobs. */
  public static LayerChain of(Manifest manifest, ImageConfig config) {
    List<Digest> diffIds = config.diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new StrataException(
          "image has "
              + manifest.layers().size()
              + " layers but its config lists "
              + diffIds.size()
              + " diff ids");
    }
    List<LayerRef> refs = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      refs.add(new LayerRef(diffIds.get(i), manifest.layers().get(i).digest()));
    }
    return new LayerChain(refs);
  }

  /** This chain with {@code top} added: the parent of the next step. */
  public LayerChain with(LayerRef top) {
    List<LayerRef> all = new ArrayList<>(layers);
    all.add(top);
    return new LayerChain(all);
  }

  public boolean isEmpty() {
    return layers.isEmpty();
  }

  public int size() {
    return layers.size();
  }

  /** The chain id of every prefix: element i names layers 0..i. */
  public List<Digest> chainIds() {
    return ChainId.all(layers.stream().map(LayerRef::diffId).toList());
  }

  /** The chain id of the whole chain; empty for an empty chain. */
  public Optional<Digest> chainId() {
    List<Digest> all = chainIds();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
