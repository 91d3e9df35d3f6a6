package dev.strata.cli;

import dev.strata.api.Images;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata tag SRC DST}: another name for an image. */
@Command(name = "tag", description = "Give an image another name.")
final class TagCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "Name or id of the image.")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET", description = "The new NAME[:TAG].")
  String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Images images = StoreOption.open(spec)) {
      images.tag(source, target);
    }
    return 0;
  }
}
