package dev.strata.cli;

import dev.strata.api.Images;
import dev.strata.api.LoadedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata load -i FILE|DIR}: images from an OCI layout, OCI archive or docker-archive. */
@Command(
    name = "load",
    description =
        "Load images from an OCI image layout directory, an OCI archive or a docker-archive"
            + " (docker save output).")
final class LoadCommand implements Callable<Integer> {
  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE|DIR",
      description = "The archive file or layout directory.")
  Path input;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Images images = StoreOption.open(spec)) {
      for (LoadedImage image : images.load(input)) {
        if (image.names().isEmpty()) {
          out.println("Loaded image ID: " + image.id());
        }
        for (String name : image.names()) {
          out.println("Loaded image: " + name);
        }
      }
    }
    out.flush();
    return 0;
  }
}
