package dev.strata.api;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to the store's tree deletion. */
final class StepWorkFiles {
  private StepWorkFiles() {}

  static void deleteTree(Path root) throws IOException {
    dev.strata.fs.TreeDeletion.delete(root);
  }
}
