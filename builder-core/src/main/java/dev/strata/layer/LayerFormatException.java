package dev.strata.layer;

import dev.strata.StrataException;

/**
 * A layer stream that strata refuses: corrupt or truncated compression or tar data, an entry that
 * would escape the target directory, a malformed whiteout, or a limit exceeded. The message is one
 * line naming the layer (when known), the entry and the reason.
 */
public class LayerFormatException extends StrataException {
  private static final long serialVersionUID = 1L;

  public LayerFormatException(String message) {
    super(message);
  }

  public LayerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
