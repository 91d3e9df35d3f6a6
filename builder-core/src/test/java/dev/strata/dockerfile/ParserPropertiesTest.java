package dev.strata.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Rules of the parser that hold for every input. */
class ParserPropertiesTest {
  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(Corpus.cases("testfiles"));
  }

  @Property(tries = 200)
  void crlfAndLfVersionsOfAFixtureParseToTheSameNodes(
      @ForAll("fixtures") Path dir, @ForAll @Size(min = 1, max = 40) List<Boolean> crlf) {
    String lf = Corpus.read(dir.resolve("Dockerfile"));
    StringBuilder mixed = new StringBuilder();
    int newline = 0;
    for (char c : lf.toCharArray()) {
      if (c == '\n' && crlf.get(newline++ % crlf.size())) {
        mixed.append('\r');
      }
      mixed.append(c);
    }

    ParsedDockerfile a = DockerfileParser.parse(lf, "Dockerfile");
    ParsedDockerfile b = DockerfileParser.parse(mixed.toString(), "Dockerfile");

    assertThat(b.nodes()).isEqualTo(a.nodes());
    assertThat(b.warnings()).isEqualTo(a.warnings());
    assertThat(b.directives()).isEqualTo(a.directives());
  }

  /** A generated instruction: its continuation parts and the filler lines around them. */
  record Block(List<String> fillerBefore, List<String> parts, List<Integer> commentsAfterPart) {}

  @Provide
  Arbitrary<Block> blocks() {
    Arbitrary<String> filler = Arbitraries.of("", "   ", "# a comment", "\t# indented comment");
    Arbitrary<String> part =
        Arbitraries.strings().withChars("abcxyz0189_./=").ofMinLength(1).ofMaxLength(8);
    return Combinators.combine(
            filler.list().ofMaxSize(3),
            part.list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.integers().between(0, 2).list().ofSize(4))
        .as(Block::new);
  }

  @Property(tries = 300)
  void lineRangesCoverExactlyEachInstructionsLines(
      @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("blocks") Block> blocks) {
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Block block : blocks) {
      lines.addAll(block.fillerBefore());
      int start = lines.size() + 1;
      StringBuilder joined = new StringBuilder("RUN");
      for (int i = 0; i < block.parts().size(); i++) {
        boolean last = i == block.parts().size() - 1;
        String text = (i == 0 ? "RUN " : "  ") + block.parts().get(i);
        lines.add(last ? text : text + " \\");
        // the blank before each escape stays, and each continuation keeps its two-space indent
        joined.append(i == 0 ? " " : "   ").append(block.parts().get(i));
        if (!last) {
          for (int c = 0; c < block.commentsAfterPart().get(i); c++) {
            lines.add("  # inside");
          }
        }
      }
      expected.add(start + "-" + lines.size() + " " + joined.substring(4));
    }
    lines.add("");

    ParsedDockerfile parsed = DockerfileParser.parse(String.join("\n", lines), "Dockerfile");

    assertThat(parsed.nodes())
        .extracting(n -> n.startLine() + "-" + n.endLine() + " " + n.args().get(0))
        .containsExactlyElementsOf(expected);
    assertThat(parsed.warnings()).isEmpty();
  }

  @Provide
  Arbitrary<String> dockerfileish() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "FROM ",
                "RUN ",
                "COPY ",
                "ADD ",
                "ENV ",
                "LABEL ",
                "ARG ",
                "ONBUILD ",
                "CMD ",
                "HEALTHCHECK ",
                "SHELL ",
                "VOLUME ",
                "--mount=",
                "<<EOF",
                "<<-'X'",
                "EOF",
                "X",
                "\n",
                "\r\n",
                "\\\n",
                "`\n",
                "# escape=`\n",
                "# syntax=x\n",
                "[\"a\"",
                ", ",
                "]",
                "\"",
                "'",
                "=",
                " ",
                "\t",
                "${",
                "}",
                "$A",
                "#",
                "\u00a0",
                "\uFEFF"),
            Arbitraries.strings().ofMaxLength(3));
    return token.list().ofMaxSize(30).map(ts -> String.join("", ts));
  }

  @Property(tries = 2000)
  void anyTextEitherParsesOrFailsWithASyntaxError(@ForAll("dockerfileish") String text) {
    try {
      ParsedDockerfile parsed = DockerfileParser.parse(text, "Dockerfile");
      assertThat(parsed.nodes()).isNotEmpty();
      for (Node node : parsed.nodes()) {
        assertThat(node.startLine()).isBetween(1, node.endLine());
      }
    } catch (DockerfileSyntaxException e) {
      assertThat(e.getMessage()).startsWith("Dockerfile:").doesNotContain("\n");
    }
  }
}
