package dev.strata.dockerfile;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns Dockerfile text into a raw tree of {@link Node}s with line ranges, the way BuildKit's
 * {@code frontend/dockerfile/parser} does, so that the {@code result} dumps of its test corpus come
 * out byte for byte.
 *
 * <p>What it handles: parser directives at the top ({@code # syntax=}, {@code # escape=}, {@code #
 * check=}); a UTF-8 byte-order mark; LF and CRLF line endings; lines continued with the escape
 * character ({@code \} or {@code `}), with comment lines and (with a warning) empty lines inside a
 * continuation; the argument rules of every instruction; heredocs for RUN, COPY and ADD (also under
 * ONBUILD). It rejects unknown instructions (suggesting the closest one), a file without
 * instructions, bad or repeated directives, unterminated heredocs, JSON arrays holding anything but
 * strings, ENV/LABEL/ARG without names, and physical lines longer than 65535 bytes.
 *
 * <p>Nothing is expanded or unquoted here: words keep their quotes and escapes for the planner.
 */
public final class DockerfileParser {
  /** The longest physical line, in UTF-8 bytes without its line ending, that Docker accepts. */
  public static final int MAX_LINE_BYTES = 65535;

  private static final List<String> INSTRUCTIONS =
      List.of(
          "FROM",
          "RUN",
          "CMD",
          "LABEL",
          "MAINTAINER",
          "EXPOSE",
          "ENV",
          "ADD",
          "COPY",
          "ENTRYPOINT",
          "VOLUME",
          "USER",
          "WORKDIR",
          "ARG",
          "ONBUILD",
          "STOPSIGNAL",
          "HEALTHCHECK",
          "SHELL");
  private static final Set<String> KEYWORDS =
      Set.copyOf(INSTRUCTIONS.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
  private static final Set<String> HEREDOC_KEYWORDS = Set.of("run", "copy", "add");
  private static final char BOM = '\uFEFF';

  private final String fileName;
  private final List<String> lines = new ArrayList<>();
  private final List<Boolean> terminated = new ArrayList<>();
  private final DirectiveScanner directives;
  private final List<Node> nodes = new ArrayList<>();
  private final List<ParseWarning> warnings = new ArrayList<>();
  private int next;

  private DockerfileParser(String text, String fileName) {
    this.fileName = fileName;
    this.directives = new DirectiveScanner(fileName);
    String body = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    int start = 0;
    while (start < body.length()) {
      int nl = body.indexOf('\n', start);
      int end = nl < 0 ? body.length() : nl;
      lines.add(body.substring(start, end));
      terminated.add(nl >= 0);
      start = end + 1;
    }
  }

  /**
   * Parses a Dockerfile's text.
   *
   * @param text the whole file
   * @param fileName the name errors and warnings should use, e.g. {@code Dockerfile}
   * @throws DockerfileSyntaxException when the text is not a valid Dockerfile
   */
  public static ParsedDockerfile parse(String text, String fileName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(fileName, "fileName");
    return new DockerfileParser(text, fileName).run();
  }

  /**
   * Reads and parses a Dockerfile (UTF-8); errors name the file by its last path element.
   *
   * @throws StrataException when the file cannot be read or is not valid UTF-8
   * @throws DockerfileSyntaxException when it is not a valid Dockerfile
   */
  public static ParsedDockerfile parse(Path path) {
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new StrataException("cannot read " + path + ": no such file");
    } catch (IOException e) {
      throw new StrataException("cannot read " + path + ": " + e.getMessage(), e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new StrataException(name + ": not valid UTF-8 text");
    }
    return parse(text, name);
  }

  private ParsedDockerfile run() {
    checkLineLengths();
    while (next < lines.size()) {
      parseInstructionAt();
    }
    if (nodes.isEmpty()) {
      String what =
          Spaces.isAllSpace(String.join("", lines))
              ? "file with no instructions (it is empty)"
              : "file with no instructions";
      throw new DockerfileSyntaxException(fileName, 0, what);
    }
    return new ParsedDockerfile(fileName, directives.directives(), nodes, warnings);
  }

  private void checkLineLengths() {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.length() > MAX_LINE_BYTES / 3 && utf8Length(line) > MAX_LINE_BYTES) {
        throw new DockerfileSyntaxException(
            fileName, i + 1, "dockerfile line greater than max allowed size of " + MAX_LINE_BYTES);
      }
    }
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Line {@code index} (0-based) without its line ending; trailing CRs go too, as in BuildKit. */
  private String content(int index) {
    String line = lines.get(index);
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    return line.substring(0, end);
  }

  /** Line {@code index} with its line ending as in the file. */
  private String raw(int index) {
    return terminated.get(index) ? lines.get(index) + "\n" : lines.get(index);
  }

  private static boolean isComment(String line) {
    return Spaces.trimLeading(line).startsWith("#");
  }

  /** A physical line with the continuation escape (and the blanks after it) removed. */
  private record Piece(String text, boolean continues) {}

  /**
   * Whether the line ends with the escape character (then followed only by spaces or tabs) that is
   * not itself escaped; if so, the line without it.
   */
  private Piece piece(String line) {
    char escape = directives.escape();
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end == 0 || line.charAt(end - 1) != escape) {
      return new Piece(line, false);
    }
    if (end >= 2 && line.charAt(end - 2) == escape) {
      return new Piece(line, false); // a doubled escape is a literal escape character
    }
    return new Piece(line.substring(0, end - 1), true);
  }

  private void parseInstructionAt() {
    int startLine = next + 1;
    String first = Spaces.trimLeading(content(next));
    directives.offer(first, startLine);
    next++;
    if (isComment(first)) {
      return;
    }
    Piece piece = piece(first);
    if (!piece.continues() && piece.text().isEmpty()) {
      return;
    }
    StringBuilder joined = new StringBuilder(piece.text());
    boolean continues = piece.continues();
    boolean emptyContinuation = false;
    while (continues && next < lines.size()) {
      String line = content(next);
      next++;
      if (isComment(line)) {
        continue;
      }
      if (Spaces.isAllSpace(line)) {
        emptyContinuation = true;
        continue;
      }
      Piece more = piece(line);
      joined.append(more.text());
      continues = more.continues();
    }
    String text = joined.toString();
    if (emptyContinuation) {
      warnings.add(
          new ParseWarning(
              next,
              "Empty continuation line found in: " + text,
              "Empty continuation lines will become errors in a future release"));
    }
    Draft draft;
    try {
      draft = draft(text);
    } catch (BadSyntax e) {
      throw new DockerfileSyntaxException(fileName, startLine, e.getMessage());
    }
    List<Heredoc> heredocs =
        draft.canHoldHeredocs() && text.contains("<<") ? readHeredocs(text, startLine) : List.of();
    nodes.add(draft.toNode(heredocs, startLine, next));
  }

  /** An instruction whose line range and heredocs are not known yet. */
  private record Draft(
      String keyword,
      String original,
      List<String> flags,
      List<String> args,
      boolean json,
      Draft onbuild) {
    boolean canHoldHeredocs() {
      Draft target = keyword.equals("onbuild") && onbuild != null ? onbuild : this;
      return HEREDOC_KEYWORDS.contains(target.keyword) && !target.json;
    }

    Node toNode(List<Heredoc> heredocs, int startLine, int endLine) {
      Node child = onbuild == null ? null : onbuild.toNode(heredocs, startLine, endLine);
      return new Node(keyword, original, flags, args, json, heredocs, child, startLine, endLine);
    }
  }

  private Draft draft(String text) {
    InstructionLine.Split split = InstructionLine.split(text);
    if (split.word().isEmpty()) {
      throw new BadSyntax("missing instruction: the line holds only continuation characters");
    }
    String keyword = split.word().toLowerCase(Locale.ROOT);
    if (!KEYWORDS.contains(keyword)) {
      throw new BadSyntax(
          "unknown instruction: "
              + split.word()
              + DidYouMean.suffix(split.word(), INSTRUCTIONS, false));
    }
    if (keyword.equals("onbuild")) {
      Draft trigger = split.rest().isEmpty() ? null : draft(split.rest());
      return new Draft(keyword, text, split.flags(), List.of(), false, trigger);
    }
    Arguments.Split args = Arguments.split(keyword, split.rest(), directives.escape());
    return new Draft(keyword, text, split.flags(), args.args(), args.json(), null);
  }

  /** Reads the bodies of the line's heredocs, in order, from the lines after the instruction. */
  private List<Heredoc> readHeredocs(String text, int startLine) {
    List<Heredoc> heredocs = new ArrayList<>();
    for (HeredocMarkers.Marker marker : HeredocMarkers.find(text)) {
      StringBuilder body = new StringBuilder();
      boolean found = false;
      while (next < lines.size()) {
        String candidate = content(next);
        String raw = raw(next);
        next++;
        if (marker.chomp()) {
          candidate = stripLeadingTabs(candidate);
        }
        if (candidate.equals(marker.name())) {
          found = true;
          break;
        }
        body.append(raw);
      }
      if (!found) {
        throw new DockerfileSyntaxException(
            fileName,
            startLine,
            "unterminated heredoc "
                + marker.token()
                + ": no line \""
                + marker.name()
                + "\" before the end of the file");
      }
      String content = marker.chomp() ? HeredocMarkers.chomp(body.toString()) : body.toString();
      heredocs.add(
          new Heredoc(
              marker.name(),
              content,
              marker.expand(),
              marker.chomp(),
              marker.fileDescriptor(),
              marker.token()));
    }
    return heredocs;
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }
}
