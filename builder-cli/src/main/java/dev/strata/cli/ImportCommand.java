package dev.strata.cli;

import dev.strata.api.Images;
import dev.strata.api.LoadedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata import FILE NAME[:TAG]}: a rootfs tarball becomes a one-layer image. */
@Command(
    name = "import",
    description = "Create a one-layer image from a rootfs tarball (tar, tar.gz or tar.zst).")
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The tarball.")
  Path file;

  @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "The image's name.")
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Images images = StoreOption.open(spec)) {
      LoadedImage image = images.importTarball(file, name);
      spec.commandLine().getOut().println(image.id());
    }
    return 0;
  }
}
