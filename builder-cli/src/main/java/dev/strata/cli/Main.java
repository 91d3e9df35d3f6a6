package dev.strata.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code strata} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, for tests that drive the CLI in-process. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** Runs the command line with its output going to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = newCommandLine();
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  static CommandLine newCommandLine() {
    StrataCommand root = new StrataCommand();
    CommandLine cmd = new CommandLine(root);
    cmd.setExecutionExceptionHandler(new ErrorReporter(root));
    cmd.setParameterExceptionHandler(new UsageErrorReporter());
    // Everything after the image is the container's command line, options included, as in docker.
    cmd.getSubcommands().get("run").setStopAtPositional(true);
    return cmd;
  }
}
