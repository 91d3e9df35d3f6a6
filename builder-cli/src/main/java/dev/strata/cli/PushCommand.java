package dev.strata.cli;

import dev.strata.api.Images;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata push NAME [DEST]}: an image of the store to a registry. */
@Command(name = "push", description = "Push an image to a registry.")
final class PushCommand implements Callable<Integer> {
  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the pushed digest.")
  boolean quiet;

  @Mixin RegistryOption registry;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image.")
  String image;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "DEST",
      description = "Where to push, [registry/]name[:tag] (default: IMAGE).")
  String destination;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Images images = StoreOption.open(spec)) {
      String digest =
          images.push(
              image,
              Optional.ofNullable(destination),
              registry.settings(),
              line -> {
                if (!quiet) {
                  out.println(line);
                  out.flush();
                }
              });
      if (quiet) {
        out.println(digest);
      }
    }
    out.flush();
    return 0;
  }
}
