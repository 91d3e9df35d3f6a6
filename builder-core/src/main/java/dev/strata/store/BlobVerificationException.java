package dev.strata.store;

import dev.strata.StrataException;

/**
 * Content offered to the store does not match what it was said to be (size or digest); it was
 * discarded. Raised for registry downloads, loaded archives and any other outside bytes.
 */
public class BlobVerificationException extends StrataException {
  private static final long serialVersionUID = 1L;

  public BlobVerificationException(String message) {
    super(message);
  }
}
