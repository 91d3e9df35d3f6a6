package dev.strata.cli;

import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata commit [-m MSG] [-c INSTRUCTION]... CONTAINER NAME[:TAG]}: a new image from the
 * container's changes; prints its id.
 */
@Command(name = "commit", description = "Create an image from a container's changes.")
final class CommitCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--message"},
      paramLabel = "MSG",
      description = "Comment for the history entry.")
  String message;

  @Option(
      names = {"-c", "--change"},
      paramLabel = "INSTRUCTION",
      description = "Apply a Dockerfile instruction to the config (CMD, ENV, WORKDIR, ...).")
  List<String> changes = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or id prefix.")
  String container;

  @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "Name of the new image.")
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Containers containers = ContainerOption.open(spec)) {
      out.println(containers.commit(container, name, changes, message));
    }
    out.flush();
    return 0;
  }
}
