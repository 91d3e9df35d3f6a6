package dev.strata.cli;

import dev.strata.api.Containers;
import dev.strata.api.Images;
import picocli.CommandLine.Model.CommandSpec;

/** Opens the containers of the store the global {@code --root} option (or its defaults) names. */
final class ContainerOption {
  private ContainerOption() {}

  static Containers open(CommandSpec spec) {
    StrataCommand root = (StrataCommand) spec.root().userObject();
    return Containers.open(Images.resolveRoot(root.root));
  }
}
