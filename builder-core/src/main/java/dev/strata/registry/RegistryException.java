package dev.strata.registry;

import dev.strata.StrataException;

/**
 * A registry refused, failed, or sent something that does not verify. The message is one line
 * naming the registry, repository or blob; it never carries credentials or tokens.
 */
public class RegistryException extends StrataException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
