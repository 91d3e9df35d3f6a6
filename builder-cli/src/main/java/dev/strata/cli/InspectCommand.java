package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.ImageDetails;
import dev.strata.api.Images;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata inspect IMAGE...}: a JSON array like {@code docker image inspect}'s; images that
 * are not found are reported after it and make the exit code 1.
 */
@Command(name = "inspect", description = "Show the details of images as JSON.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of the images.")
  List<String> images;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ImageDetails> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int code = 0;
    try (Images store = StoreOption.open(spec)) {
      for (String image : images) {
        try {
          found.add(store.inspect(image));
        } catch (StrataException e) {
          errors.add("error: " + e.getMessage());
          code = e.exitCode();
        }
      }
    }
    out.println(ImageDetails.toJson(found));
    out.flush();
    errors.forEach(err::println);
    err.flush();
    return code;
  }
}
