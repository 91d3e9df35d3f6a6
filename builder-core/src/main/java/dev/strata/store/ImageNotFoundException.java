package dev.strata.store;

import dev.strata.StrataException;

/** No image in the store matches a name, digest or id prefix. */
public class ImageNotFoundException extends StrataException {
  private static final long serialVersionUID = 1L;

  public ImageNotFoundException(String nameOrId) {
    super("no such image: " + nameOrId);
  }
}
