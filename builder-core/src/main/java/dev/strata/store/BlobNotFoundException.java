package dev.strata.store;

import dev.strata.Digest;
import dev.strata.StrataException;

/** A blob that should be in the store is not. */
public class BlobNotFoundException extends StrataException {
  private static final long serialVersionUID = 1L;

  private final transient Digest digest;

  public BlobNotFoundException(Digest digest, String where) {
    super("blob " + digest + " not found in " + where);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
