package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Images;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata rmi [-f] IMAGE...}: removes each image as docker does; an image that cannot be
 * removed is reported and the others are still removed, and the exit code is 1 then.
 */
@Command(name = "rmi", description = "Remove images.")
final class RmiCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--force"},
      description = "Remove an image named by id even when several names point at it.")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of the images.")
  List<String> images;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code = 0;
    try (Images store = StoreOption.open(spec)) {
      for (String image : images) {
        try {
          store.remove(image, force).forEach(out::println);
        } catch (StrataException e) {
          err.println("error: " + e.getMessage());
          code = e.exitCode();
        }
      }
    }
    out.flush();
    err.flush();
    return code;
  }
}
