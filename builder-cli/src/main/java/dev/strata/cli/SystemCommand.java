package dev.strata.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strata system}: commands about the store as a whole. */
@Command(
    name = "system",
    description = "Manage the store as a whole.",
    subcommands = {SystemDfCommand.class, SystemCheckCommand.class})
final class SystemCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
