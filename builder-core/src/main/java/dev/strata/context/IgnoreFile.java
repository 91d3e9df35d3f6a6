package dev.strata.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one {@code .dockerignore} file, read the way moby/patternmatcher's {@code
 * ignorefile.ReadAll} reads it.
 *
 * <p>Lines end at LF (a CR before it is dropped); a UTF-8 byte-order mark at the very start is
 * skipped; a line whose first character is {@code #} is a comment (a {@code #} after leading space
 * is not); surrounding white space is trimmed and empty lines are dropped; a leading {@code !} (and
 * the space after it) marks an exception; the pattern is cleaned like a path and a leading {@code
 * /} removed, so {@code /a/../b/} becomes {@code b}. A line of 64 KiB or more is an error, as it is
 * for Docker.
 *
 * @param source where the patterns came from, for messages (a file name or a description)
 * @param patterns the patterns in file order, exceptions with their {@code !}
 * @param lines the 1-based line number of each pattern
 */
public record IgnoreFile(String source, List<String> patterns, List<Integer> lines) {
  /** Longest line Go's default line scanner accepts. */
  static final int MAX_LINE_BYTES = 64 * 1024 - 1;

  public IgnoreFile {
    patterns = List.copyOf(patterns);
    lines = List.copyOf(lines);
    if (patterns.size() != lines.size()) {
      throw new IllegalArgumentException("one line number per pattern");
    }
  }

  /** Reads and parses {@code file}; an unreadable file is a {@link BuildContextException}. */
  public static IgnoreFile read(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BuildContextException("ignore file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new BuildContextException("cannot read ignore file " + file + ": " + reason(e), e);
    }
    return parse(file.toString(), content);
  }

  /** Parses ignore-file bytes; {@code source} names them in messages. */
  public static IgnoreFile parse(String source, byte[] content) {
    List<String> patterns = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int lineNo = 0;
    int start = 0;
    while (start < content.length) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      lineNo++;
      if (end - start > MAX_LINE_BYTES) {
        throw new BuildContextException(
            source + ":" + lineNo + ": line is longer than " + MAX_LINE_BYTES + " bytes");
      }
      int lineStart = start;
      int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
      if (lineNo == 1 && startsWithBom(content, lineStart, lineEnd)) {
        lineStart += 3;
      }
      String pattern = toPattern(new String(content, lineStart, lineEnd - lineStart, UTF_8));
      if (pattern != null) {
        patterns.add(pattern);
        lines.add(lineNo);
      }
      start = end + 1;
    }
    return new IgnoreFile(source, patterns, lines);
  }

  /** Parses ignore-file text. */
  public static IgnoreFile parse(String source, String text) {
    return parse(source, text.getBytes(UTF_8));
  }

  /** Compiles the patterns; a bad one is reported with this file's name and its line. */
  public IgnoreMatcher matcher() {
    try {
      return IgnoreMatcher.of(patterns);
    } catch (IgnorePatternException e) {
      int index = patterns.indexOf(e.pattern());
      throw index < 0 ? e : e.at(source + ":" + lines.get(index));
    }
  }

  private static final java.nio.charset.Charset UTF_8 = StandardCharsets.UTF_8;

  private static String toPattern(String line) {
    if (line.startsWith("#")) {
      return null;
    }
    String pattern = SlashPath.trimGoSpace(line);
    if (pattern.isEmpty()) {
      return null;
    }
    boolean exception = pattern.charAt(0) == '!';
    if (exception) {
      pattern = SlashPath.trimGoSpace(pattern.substring(1));
    }
    if (!pattern.isEmpty()) {
      pattern = SlashPath.clean(pattern);
      if (pattern.length() > 1 && pattern.charAt(0) == '/') {
        pattern = pattern.substring(1);
      }
    }
    return exception ? "!" + pattern : pattern;
  }

  private static boolean startsWithBom(byte[] b, int from, int to) {
    return to - from >= 3
        && (b[from] & 0xFF) == 0xEF
        && (b[from + 1] & 0xFF) == 0xBB
        && (b[from + 2] & 0xFF) == 0xBF;
  }

  static String reason(IOException e) {
    String reason = e.getClass().getSimpleName().replace("Exception", "");
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : reason;
  }
}
