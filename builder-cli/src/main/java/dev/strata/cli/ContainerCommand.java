package dev.strata.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code strata container}: commands about containers that share a name with an image command
 * ({@code strata inspect} stays about images).
 */
@Command(
    name = "container",
    description = "Manage containers.",
    subcommands = {ContainerInspectCommand.class})
final class ContainerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
