package dev.strata.store;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A check of content another package keeps in the store (the cache index, containers), registered
 * with {@link Store#addCheck} and run by {@link SystemCheck} under the store lock after the store's
 * own checks.
 */
@FunctionalInterface
public interface CheckExtension {
  /**
   * Reports each problem to {@code findings}; with {@code repair}, fixes what can be fixed without
   * removing anything valid and reports it as repaired.
   */
  void check(Store store, boolean repair, Consumer<CheckReport.Finding> findings)
      throws IOException;
}
