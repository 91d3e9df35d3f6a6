package dev.strata.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Reports a bad flag or argument in one line plus a pointer to help, and exits 2. */
final class UsageErrorReporter implements IParameterExceptionHandler {
  static final int USAGE = 2;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return USAGE;
  }
}
