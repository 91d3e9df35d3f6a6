package dev.strata.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads {@code --output type=TYPE,dest=PATH} and {@code --output type=registry,name=REF}. */
final class Outputs {
  private Outputs() {}

  /**
   * The type ({@code oci}, {@code oci-archive}, {@code docker}, {@code local} for the root file
   * system as a directory, or {@code registry} to push) and the destination (a path, or for {@code
   * registry} the image name to push to).
   */
  static String[] parse(String spec, CommandSpec command) {
    String type = null;
    String dest = null;
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      String key = eq < 0 ? field : field.substring(0, eq);
      String value = eq < 0 ? "" : field.substring(eq + 1);
      switch (key) {
        case "type" -> type = value;
        case "dest", "name" -> dest = value;
        default ->
            throw new ParameterException(
                command.commandLine(), "--output " + spec + ": unknown field \"" + key + "\"");
      }
    }
    if (type == null
        || !java.util.Set.of("oci", "oci-archive", "docker", "local", "registry").contains(type)) {
      throw new ParameterException(
          command.commandLine(),
          "--output " + spec + ": type must be oci, oci-archive, docker, local or registry");
    }
    if (type.equals("registry") && (dest == null || dest.isEmpty())) {
      throw new ParameterException(
          command.commandLine(), "--output " + spec + ": name=REF is required");
    }
    if (dest == null || dest.isEmpty()) {
      throw new ParameterException(
          command.commandLine(), "--output " + spec + ": dest=PATH is required");
    }
    return new String[] {type, dest};
  }
}
