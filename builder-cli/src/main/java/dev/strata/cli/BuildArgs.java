package dev.strata.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads {@code --build-arg} values as docker does: {@code K=V} sets a value, a bare {@code K} takes
 * the value of K from strata's environment and is skipped when K is unset there.
 */
final class BuildArgs {
  private BuildArgs() {}

  static Map<String, String> parse(
      List<String> specs, UnaryOperator<String> environment, CommandSpec spec) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String item : specs) {
      int eq = item.indexOf('=');
      String name = eq < 0 ? item : item.substring(0, eq);
      if (name.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--build-arg " + item + ": expected NAME=VALUE or NAME");
      }
      String value = eq < 0 ? environment.apply(name) : item.substring(eq + 1);
      if (value != null) {
        args.put(name, value);
      }
    }
    return args;
  }
}
