package dev.strata.image;

import dev.strata.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain ids name a stack of layers, as the OCI image spec defines them: the chain id of one layer
 * is its diff id, and {@code ChainID(L0..Ln) = sha256(ChainID(L0..Ln-1) + " " + DiffID(Ln))}. The
 * store names extracted layer directories by chain id, so a directory is shared exactly by the
 * images that have the same layers below it.
 */
public final class ChainId {
  private ChainId() {}

  /** The chain id of a layer whose parent stack has {@code parent} (null for a base layer). */
  public static Digest of(Digest parent, Digest diffId) {
    return parent == null ? diffId : Digest.sha256(parent + " " + diffId);
  }

  /** The chain id of the whole stack; the list must not be empty. */
  public static Digest of(List<Digest> diffIds) {
    List<Digest> all = all(diffIds);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no layers");
    }
    return all.get(all.size() - 1);
  }

  /** The chain id of every prefix of the stack: element i names layers 0..i. */
  public static List<Digest> all(List<Digest> diffIds) {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest parent = null;
    for (Digest d : diffIds) {
      parent = of(parent, d);
      out.add(parent);
    }
    return List.copyOf(out);
  }
}
