package dev.strata.dockerfile.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads BuildKit's shell-lexer conformance files from the test classpath ({@code
 * conformance/buildkit-shell/}, see the NOTICE there), following the formats BuildKit's own tests
 * use.
 */
final class BuildkitShellCorpus {
  private static final String DIR = "/conformance/buildkit-shell/";

  private BuildkitShellCorpus() {}

  /** One {@code PLATFORM|INPUT|EXPECTED} line of {@code envVarTest}. */
  record EnvVarRow(int line, String platform, String input, String expected) {
    boolean expectsError() {
      return expected.equals("error");
    }

    @Override
    public String toString() {
      return "line " + line + ": " + platform + " " + input + " -> " + expected;
    }
  }

  /** One {@code INPUT | WORD,WORD} line of {@code wordsTest}, with the ENV lines above it. */
  record WordsRow(int line, String input, List<String> expected, Map<String, String> env) {
    boolean expectsError() {
      return expected.equals(List.of("error"));
    }

    @Override
    public String toString() {
      return "line " + line + ": " + input + " -> " + expected;
    }
  }

  /** One case of {@code processWordWithMatches.jsonl}. */
  record MatchCase(
      int line,
      String source,
      String input,
      Map<String, String> env,
      boolean error,
      String errorContains,
      String expected,
      Set<String> matched,
      Set<String> unmatched) {
    boolean checksReferences() {
      return matched != null;
    }

    @Override
    public String toString() {
      return "line " + line + " (" + source + "): " + input + " with " + env;
    }
  }

  /** The environment every {@code envVarTest} line is processed with. */
  static final Map<String, String> ENV_VAR_TEST_ENV =
      Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

  static List<EnvVarRow> envVarRows() {
    List<EnvVarRow> rows = new ArrayList<>();
    List<String> lines = lines("envVarTest");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.trim().isEmpty()) {
        continue;
      }
      String[] fields = line.split("\\|", -1);
      if (fields.length != 3) {
        throw new IllegalStateException("envVarTest line " + (i + 1) + " has not 3 fields");
      }
      String platform = fields[0].trim();
      if (!Set.of("A", "U", "W").contains(platform)) {
        throw new IllegalStateException("envVarTest line " + (i + 1) + ": platform " + platform);
      }
      rows.add(new EnvVarRow(i + 1, platform, fields[1].trim(), fields[2].trim()));
    }
    return rows;
  }

  static List<WordsRow> wordsRows() {
    List<WordsRow> rows = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> lines = lines("wordsTest");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("ENV ")) {
        String assignment = line.substring(3).replaceFirst("^ +", "");
        int eq = assignment.indexOf('=');
        env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        continue;
      }
      String[] sides = line.split("\\|", -1);
      if (sides.length != 2) {
        throw new IllegalStateException("wordsTest line " + (i + 1) + " needs exactly one |");
      }
      List<String> expected = List.of(sides[1].replaceFirst("^ +", "").split(",", -1));
      rows.add(new WordsRow(i + 1, sides[0].trim(), expected, Map.copyOf(env)));
    }
    return rows;
  }

  static List<MatchCase> matchCases() {
    ObjectMapper json = new ObjectMapper();
    List<MatchCase> cases = new ArrayList<>();
    List<String> lines = lines("processWordWithMatches.jsonl");
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(lines.get(i));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> env = new LinkedHashMap<>();
      node.get("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
      cases.add(
          new MatchCase(
              i + 1,
              node.get("source").asText(),
              node.get("input").asText(),
              env,
              node.get("error").asBoolean(),
              node.has("error_contains") ? node.get("error_contains").asText() : null,
              node.has("expected") ? node.get("expected").asText() : null,
              names(node.get("matched")),
              names(node.get("unmatched"))));
    }
    return cases;
  }

  private static Set<String> names(JsonNode array) {
    if (array == null) {
      return null;
    }
    Set<String> names = new TreeSet<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  /** The file's lines as Go's bufio.Scanner yields them: split on LF, a trailing CR removed. */
  private static List<String> lines(String file) {
    try (InputStream in = BuildkitShellCorpus.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + DIR + file);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      }
      if (text.endsWith("\n")) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
