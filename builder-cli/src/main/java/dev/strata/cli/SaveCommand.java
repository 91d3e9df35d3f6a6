package dev.strata.cli;

import dev.strata.api.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata save [--format oci|oci-archive|docker] -o PATH IMAGE...}. */
@Command(
    name = "save",
    description = "Save images as an OCI layout directory, an OCI archive or a docker-archive.")
final class SaveCommand implements Callable<Integer> {
  @Option(
      names = "--format",
      defaultValue = "docker",
      paramLabel = "FORMAT",
      description = "oci (a layout directory), oci-archive or docker (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "PATH",
      description = "Where to write the archive file or layout directory.")
  Path output;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of the images.")
  List<String> images;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Images store = StoreOption.open(spec)) {
      store.save(format, output, images);
    }
    return 0;
  }
}
