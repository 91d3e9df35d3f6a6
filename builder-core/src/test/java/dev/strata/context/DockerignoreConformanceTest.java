package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every row of moby/patternmatcher's extracted test tables ({@code cases.tsv}) and its
 * ignore-file reading case against {@link IgnoreMatcher} and {@link IgnoreFile}.
 */
class DockerignoreConformanceTest {
  private static final String BASE = "/conformance/dockerignore/";

  /** One row of cases.tsv. */
  record Row(int line, List<String> patterns, String path, boolean expected, String note) {
    @Override
    public String toString() {
      String test = note.contains("Test") ? note.substring(note.indexOf("Test")) : note;
      test = test.split("[:;( ]")[0];
      return "line "
          + line
          + ": "
          + patterns
          + " on \""
          + path
          + "\" -> "
          + (isError() ? "error" : expected)
          + " ("
          + test
          + ")";
    }

    boolean isError() {
      return note.startsWith("ERROR expected");
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    String[] lines = resource("cases.tsv").split("\n", -1);
    assertThat(lines[0]).isEqualTo("patterns\tpath\texpected\tnote");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] f = lines[i].split("\t", -1);
      assertThat(f).as("fields of line %d", i + 1).hasSize(4);
      List<String> patterns = f[0].isEmpty() ? List.of() : Arrays.asList(f[0].split(",", -1));
      rows.add(new Row(i + 1, patterns, f[1], Boolean.parseBoolean(f[2]), f[3]));
    }
    return rows;
  }

  @Test
  void corpusHasEveryRow() throws IOException {
    assertThat(rows()).hasSize(138);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void row(Row row) {
    String note = row.note();
    if (note.startsWith("ERROR expected at MATCH time")) {
      IgnoreMatcher matcher = IgnoreMatcher.of(row.patterns());
      for (int call = 0; call < 2; call++) {
        assertThatThrownBy(() -> matcher.matchesOrParentMatches(row.path()))
            .as("%s, call %d", row, call + 1)
            .isInstanceOf(IgnorePatternException.class)
            .hasMessageContaining(row.patterns().get(0));
      }
      return;
    }
    if (row.isError()) {
      assertThatThrownBy(() -> IgnoreMatcher.of(row.patterns()))
          .as("%s: building the matcher", row)
          .isInstanceOf(IgnorePatternException.class)
          .hasMessageStartingWith("invalid .dockerignore pattern");
      assertThatThrownBy(() -> IgnoreMatcher.matches(row.path(), row.patterns()))
          .as("%s: Matches", row)
          .isInstanceOf(IgnorePatternException.class);
      return;
    }
    if (note.contains("deprecated top-level Matches")) {
      assertThat(IgnoreMatcher.matches(row.path(), row.patterns()))
          .as("%s: Matches", row)
          .isEqualTo(row.expected());
      return;
    }
    assertThat(note).contains("same result required from MatchesOrParentMatches");
    IgnoreMatcher matcher = IgnoreMatcher.of(row.patterns());
    String path = row.path();
    assertThat(matcher.matchesOrParentMatches(path))
        .as("%s: MatchesOrParentMatches", row)
        .isEqualTo(row.expected());
    assertThat(matcher.matchesUsingParentResults(path, IgnoreMatcher.ParentMatches.NONE).excluded())
        .as("%s: MatchesUsingParentResults(no parent info)", row)
        .isEqualTo(row.expected());
    assertThat(walkingParents(matcher, path))
        .as("%s: MatchesUsingParentResults(walking parents)", row)
        .isEqualTo(row.expected());
    if (note.contains("MatchesUsingParentResult(walking parents)")) {
      assertThat(walkingParentsSingle(matcher, path))
          .as("%s: MatchesUsingParentResult(walking parents)", row)
          .isEqualTo(row.expected());
    }
  }

  /** As the upstream test: feed each parent prefix of the path's directory, then the path. */
  private static boolean walkingParents(IgnoreMatcher matcher, String path) {
    IgnoreMatcher.ParentMatches info = IgnoreMatcher.ParentMatches.NONE;
    String parent = SlashPath.dir(path);
    if (!parent.equals(".")) {
      String[] dirs = parent.split("/", -1);
      for (int i = 1; i <= dirs.length; i++) {
        String prefix = String.join("/", Arrays.asList(dirs).subList(0, i));
        info = matcher.matchesUsingParentResults(prefix, info).parentMatches();
      }
    }
    return matcher.matchesUsingParentResults(path, info).excluded();
  }

  private static boolean walkingParentsSingle(IgnoreMatcher matcher, String path) {
    boolean parentMatched = false;
    String parent = SlashPath.dir(path);
    if (!parent.equals(".")) {
      String[] dirs = parent.split("/", -1);
      for (int i = 1; i <= dirs.length; i++) {
        String prefix = String.join("/", Arrays.asList(dirs).subList(0, i));
        parentMatched = matcher.matchesUsingParentResult(prefix, parentMatched);
      }
    }
    return matcher.matchesUsingParentResult(path, parentMatched);
  }

  @Test
  void ignoreFileReadAllMatchesUpstream() throws IOException {
    byte[] input;
    try (InputStream in = stream("ignorefile-readall/input.dockerignore")) {
      input = in.readAllBytes();
    }
    List<String> expected =
        Stream.of(resource("ignorefile-readall/expected.txt").split("\n")).toList();
    assertThat(IgnoreFile.parse(".dockerignore", input).patterns())
        .containsExactlyElementsOf(expected);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = stream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = DockerignoreConformanceTest.class.getResourceAsStream(BASE + name);
    assertThat(in).as("test resource %s", name).isNotNull();
    return in;
  }
}
