package dev.strata.cli;

import dev.strata.api.HistoryEntry;
import dev.strata.api.Images;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata history IMAGE}: IMAGE CREATED CREATED BY SIZE COMMENT, newest first. */
@Command(name = "history", description = "Show the history of an image.")
final class HistoryCommand implements Callable<Integer> {
  static final int CREATED_BY_WIDTH = 45;

  @Option(names = "--no-trunc", description = "Do not shorten ids and commands.")
  boolean noTrunc;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image.")
  String image;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<HistoryEntry> steps;
    try (Images images = StoreOption.open(spec)) {
      steps = images.history(image);
    }
    Instant now = Instant.now();
    Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
    for (HistoryEntry h : steps) {
      String createdBy = h.createdBy().replace('\t', ' ').replace('\n', ' ');
      table.row(
          noTrunc ? h.image() : h.shortImage(),
          HumanUnits.ago(h.created(), now),
          noTrunc ? createdBy : ellipsis(createdBy, CREATED_BY_WIDTH),
          HumanUnits.size(h.size()),
          h.comment().replace('\n', ' '));
    }
    table.print(spec.commandLine().getOut());
    return 0;
  }

  /** Docker's shortening: at most {@code width} characters, the last one an ellipsis. */
  static String ellipsis(String s, int width) {
    int length = s.codePointCount(0, s.length());
    if (length <= width) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
  }
}
