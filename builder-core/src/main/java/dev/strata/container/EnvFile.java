package dev.strata.container;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@code --env-file} in docker's format: one {@code KEY=VALUE} per line, taken literally (no
 * quotes or expansion); leading blanks, empty lines and lines starting with {@code #} are skipped;
 * a bare {@code KEY} takes its value from strata's own environment and is left out when that does
 * not have it.
 */
public final class EnvFile {
  private EnvFile() {}

  /** The entries of {@code file}, in order, with bare keys looked up in {@code environment}. */
  public static List<String> read(Path file, Function<String, String> environment) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StrataException("--env-file " + file + ": cannot read it: " + reason(e));
    }
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).stripLeading();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      String where = "--env-file " + file + " line " + (i + 1) + ": ";
      if (key.isEmpty()) {
        throw new StrataException(where + "no variable name before '='");
      }
      if (!key.equals(key.strip()) || key.chars().anyMatch(Character::isWhitespace)) {
        throw new StrataException(where + "variable \"" + key + "\" contains whitespace");
      }
      if (eq >= 0) {
        entries.add(line);
      } else {
        String value = environment.apply(key);
        if (value != null) {
          entries.add(key + "=" + value);
        }
      }
    }
    return entries;
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
  }
}
