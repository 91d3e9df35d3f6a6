package dev.strata.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code strata} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int rc = run(args);
    endHttpSelectors();
    System.exit(rc);
  }

  /**
   * Ends the selector thread of every JDK HTTP client (registry commands make one). The process is
   * done with them, and JDK 17's exit waits up to 300 ms for any thread blocked in native code, as
   * an idle selector is in epoll_wait; an interrupt wakes the selector, which then shuts down.
   */
  private static void endHttpSelectors() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        try {
          t.join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
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
