package dev.strata.cli;

import dev.strata.api.Images;
import dev.strata.api.LoadedImage;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata pull [--platform P] NAME[:TAG|@DIGEST]}: an image from its registry. */
@Command(name = "pull", description = "Pull an image from a registry into the store.")
final class PullCommand implements Callable<Integer> {
  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "The platform to pull from a multi-platform image (default: the host's).")
  String platform;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image reference.")
  boolean quiet;

  @Mixin RegistryOption registry;

  @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]", description = "The image.")
  String image;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Images images = StoreOption.open(spec)) {
      LoadedImage pulled =
          images.pull(
              image,
              Optional.ofNullable(platform),
              registry.settings(),
              line -> {
                if (!quiet) {
                  out.println(line);
                  out.flush();
                }
              });
      if (!quiet) {
        out.println("Status: pulled " + image);
      }
      out.println(pulled.names().isEmpty() ? pulled.id() : pulled.names().get(0));
    }
    out.flush();
    return 0;
  }
}
