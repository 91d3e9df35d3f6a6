package dev.strata.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
    return newCommandLine(args).execute(args);
  }

  /** Runs the command line with its output going to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = newCommandLine(args);
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  /**
   * The command line for {@code args}: the root command with the subcommand they name, or with
   * every subcommand when they name none or one that does not exist (for the root's help and
   * picocli's suggestions).
   */
  static CommandLine newCommandLine(String... args) {
    StrataCommand root = new StrataCommand();
    CommandLine cmd = new CommandLine(root);
    Optional<Class<?>> named = named(args);
    for (Class<?> sub : StrataCommand.SUBCOMMANDS) {
      if (named.isEmpty() || named.get() == sub) {
        cmd.addSubcommand(new CommandLine(sub));
      }
    }
    cmd.setExecutionExceptionHandler(new ErrorReporter(root));
    cmd.setParameterExceptionHandler(new UsageErrorReporter());
    CommandLine run = cmd.getSubcommands().get("run");
    if (run != null) {
      // Everything after the image is the container's command line, options included, as in docker.
      run.setStopAtPositional(true);
    }
    return cmd;
  }

  /** The subcommand the first argument that is not a global option names, if it exists. */
  static Optional<Class<?>> named(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--root")) {
        i++;
        continue;
      }
      if (a.startsWith("-")) {
        continue;
      }
      for (Class<?> sub : StrataCommand.SUBCOMMANDS) {
        Command c = sub.getAnnotation(Command.class);
        if (c.name().equals(a) || Arrays.asList(c.aliases()).contains(a)) {
          return Optional.of(sub);
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }
}
