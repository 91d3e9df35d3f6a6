package dev.strata.cli;

import dev.strata.api.CheckResult;
import dev.strata.api.Images;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata system check [--repair]}: re-hashes every blob and checks every image, reference
 * and layer directory. Exits 0 only when it found nothing; 1 when it found problems, repaired or
 * not.
 */
@Command(name = "check", description = "Check the store for corrupt or dangling content.")
final class SystemCheckCommand implements Callable<Integer> {
  @Option(names = "--repair", description = "Remove what is corrupt or dangling.")
  boolean repair;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CheckResult r;
    try (Images images = StoreOption.open(spec)) {
      r = images.check(repair);
    }
    PrintWriter out = spec.commandLine().getOut();
    r.findings().forEach(out::println);
    String summary =
        "checked "
            + r.blobsChecked()
            + " blobs, "
            + r.imagesChecked()
            + " images, "
            + r.layersChecked()
            + " layer directories: ";
    if (r.clean()) {
      out.println(summary + "no problems found");
    } else {
      out.println(summary + r.findings().size() + " problems found, " + r.repaired() + " repaired");
    }
    out.flush();
    return r.clean() ? 0 : 1;
  }
}
