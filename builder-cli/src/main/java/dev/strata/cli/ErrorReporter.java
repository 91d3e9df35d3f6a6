package dev.strata.cli;

import dev.strata.StrataException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and an exit code. A user error ({@link
 * StrataException}) prints its message; anything else is a bug in strata and says so. With {@code
 * --debug} the stack trace follows.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  private final StrataCommand root;

  ErrorReporter(StrataCommand root) {
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    int code;
    if (e instanceof StrataException se) {
      err.println("error: " + se.getMessage());
      code = se.exitCode();
    } else if (e instanceof UncheckedIOException io) {
      err.println("error: " + io.getCause().getMessage());
      code = 1;
    } else {
      err.println("error: internal error: " + e + " (run with --debug for the stack trace)");
      code = 70;
    }
    if (root.debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }
}
