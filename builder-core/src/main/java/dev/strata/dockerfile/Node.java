package dev.strata.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One instruction of a Dockerfile as the parser sees it: its keyword, flags and arguments split by
 * the rules of that instruction, but nothing interpreted or expanded.
 *
 * @param keyword the instruction name in lower case ({@code FROM}, {@code From} and {@code from}
 *     all give {@code from})
 * @param original the instruction's text as written, continuation lines joined (without the escape
 *     characters that continued them); heredoc bodies are not part of it
 * @param flags the leading {@code --} words, quotes removed ({@code --from=build}); a lone {@code
 *     --} ends them and is not kept
 * @param args the arguments, split per instruction exactly as BuildKit's parser does (see {@code
 *     DockerfileParser}); for ENV and LABEL triples of name, value and separator ({@code "="}, or
 *     {@code ""} for the legacy {@code ENV name value} form)
 * @param json whether the arguments were written in JSON (exec) form
 * @param heredocs the here-documents the instruction reads, in order
 * @param onbuild for ONBUILD, the instruction it wraps; otherwise null
 * @param startLine the 1-based line the instruction starts on
 * @param endLine the 1-based last line it consumed (continuation lines and heredoc bodies included)
 */
public record Node(
    String keyword,
    String original,
    List<String> flags,
    List<String> args,
    boolean json,
    List<Heredoc> heredocs,
    Node onbuild,
    int startLine,
    int endLine) {
  public Node {
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(original, "original");
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    heredocs = List.copyOf(heredocs);
    if (startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException("bad line range " + startLine + "-" + endLine);
    }
  }
}
