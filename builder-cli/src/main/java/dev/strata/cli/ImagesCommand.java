package dev.strata.cli;

import dev.strata.api.ImageSummary;
import dev.strata.api.Images;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata images [-q]}: REPOSITORY TAG IMAGE ID CREATED SIZE, or ids only. */
@Command(name = "images", description = "List images.")
final class ImagesCommand implements Callable<Integer> {
  @Option(
      names = {"-q", "--quiet"},
      description = "Print image ids only.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ImageSummary> rows;
    try (Images images = StoreOption.open(spec)) {
      rows = images.list();
    }
    if (quiet) {
      rows.forEach(r -> out.println(r.shortId()));
      out.flush();
      return 0;
    }
    Instant now = Instant.now();
    Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    for (ImageSummary r : rows) {
      table.row(
          r.repository(),
          r.tag(),
          r.shortId(),
          HumanUnits.ago(r.created(), now),
          HumanUnits.size(r.size()));
    }
    table.print(out);
    return 0;
  }
}
