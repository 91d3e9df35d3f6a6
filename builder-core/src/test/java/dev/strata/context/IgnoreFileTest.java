package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFileTest {
  @Test
  void commentsOnlyInColumnOneAndBlankLinesDropped() {
    IgnoreFile f = IgnoreFile.parse(".dockerignore", "# comment\n\n   \n  # not a comment\nfoo\n");
    assertThat(f.patterns()).containsExactly("# not a comment", "foo");
    assertThat(f.lines()).containsExactly(4, 5);
  }

  @Test
  void byteOrderMarkIsSkippedOnlyAtTheStart() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "#c\nx\n".getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, content, 0, 3);
    System.arraycopy(text, 0, content, 3, text.length);
    // With the mark skipped, the first line is a comment.
    assertThat(IgnoreFile.parse("f", content).patterns()).containsExactly("x");
  }

  @Test
  void crlfLineEndsAndSurroundingSpaceAreTrimmed() {
    assertThat(IgnoreFile.parse("f", "a\r\n\t b \r\nc").patterns()).containsExactly("a", "b", "c");
  }

  @Test
  void exceptionsAreTrimmedAfterTheBangAndCleaned() {
    assertThat(IgnoreFile.parse("f", "!  /x/./y/../z/\n! \n!").patterns())
        .containsExactly("!x/z", "!", "!");
  }

  @Test
  void patternsAreCleanedAndLoseTheLeadingSlash() {
    assertThat(IgnoreFile.parse("f", "/a//b/\n./c\n/\n../d\n").patterns())
        .containsExactly("a/b", "c", "/", "../d");
  }

  @Test
  void trimsWhatGoCallsSpaceAndNothingElse() {
    // U+00A0 is space to Go (and not to Character.isWhitespace); U+001F is the other way round.
    assertThat(IgnoreFile.parse("f", "\u00A0a\u3000\n\u001Fb").patterns())
        .containsExactly("a", "\u001Fb");
  }

  @Test
  void lineOf64KiBIsRejectedWithFileAndLine() {
    String longLine = "a".repeat(64 * 1024);
    assertThatThrownBy(() -> IgnoreFile.parse("ctx/.dockerignore", "ok\n" + longLine + "\n"))
        .isInstanceOf(BuildContextException.class)
        .hasMessageStartingWith("ctx/.dockerignore:2: line is longer than 65535 bytes");
    assertThat(IgnoreFile.parse("f", "a".repeat(65535)).patterns()).hasSize(1);
  }

  @Test
  void badPatternIsReportedWithFileAndLine() {
    IgnoreFile f = IgnoreFile.parse(".dockerignore", "# x\nok\n[\n");
    assertThatThrownBy(f::matcher)
        .isInstanceOf(IgnorePatternException.class)
        .hasMessage(
            ".dockerignore:3: invalid .dockerignore pattern \"[\": syntax error in pattern");
  }

  @Test
  void loneBangIsReportedWithFileAndLine() {
    IgnoreFile f = IgnoreFile.parse(".dockerignore", "a\n!\n");
    assertThatThrownBy(f::matcher)
        .isInstanceOf(IgnorePatternException.class)
        .hasMessageStartingWith(".dockerignore:2: invalid .dockerignore pattern \"!\"");
  }

  @Test
  void readsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".dockerignore");
    Files.writeString(file, "*.log\n");
    assertThat(IgnoreFile.read(file).patterns()).containsExactly("*.log");
    assertThat(IgnoreFile.read(file).source()).isEqualTo(file.toString());
    assertThatThrownBy(() -> IgnoreFile.read(dir.resolve("missing")))
        .isInstanceOf(BuildContextException.class)
        .hasMessageContaining("missing");
  }
}
