package dev.strata.cli;

import dev.strata.api.Images;
import picocli.CommandLine.Model.CommandSpec;

/** Opens the store the global {@code --root} option (or its defaults) names. */
final class StoreOption {
  private StoreOption() {}

  static Images open(CommandSpec spec) {
    StrataCommand root = (StrataCommand) spec.root().userObject();
    return Images.open(Images.resolveRoot(root.root));
  }
}
