package dev.strata.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Heredocs as the Dockerfile reference and BuildKit read them. */
class HeredocParsingTest {
  private static List<Node> parse(String text) {
    return DockerfileParser.parse(text, "Dockerfile").nodes();
  }

  @Test
  void runHeredocWithShebangKeepsTheBodyAndEndsAtTheDelimiter() {
    List<Node> nodes =
        parse(
            "FROM alpine\n"
                + "RUN <<EOF\n"
                + "#!/usr/bin/env python3\n"
                + "print('hi')\n"
                + "EOF\n"
                + "USER nobody\n");

    Node run = nodes.get(1);
    assertThat(run.args()).containsExactly("<<EOF");
    assertThat(run.original()).isEqualTo("RUN <<EOF");
    assertThat(run.heredocs())
        .containsExactly(
            new Heredoc("EOF", "#!/usr/bin/env python3\nprint('hi')\n", true, false, 0, "<<EOF"));
    assertThat(run.startLine()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(5);
    assertThat(nodes.get(2).keyword()).isEqualTo("user");
    assertThat(nodes.get(2).startLine()).isEqualTo(6);
  }

  @Test
  void commentAndInstructionLikeLinesInsideTheBodyAreBody() {
    List<Node> nodes = parse("FROM a\nRUN python3 <<EOF\n# not a comment\nFROM b\n\nEOF\n");

    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(1).args()).containsExactly("python3 <<EOF");
    assertThat(nodes.get(1).heredocs().get(0).content()).isEqualTo("# not a comment\nFROM b\n\n");
  }

  @Test
  void severalHeredocsOnOneLineAreReadInOrder() {
    List<Node> nodes = parse("FROM a\nRUN cat <<A <<B > /out\nfirst\nA\nsecond\nB\nCMD x\n");

    Node run = nodes.get(1);
    assertThat(run.heredocs())
        .extracting(Heredoc::name, Heredoc::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", "first\n"),
            org.assertj.core.groups.Tuple.tuple("B", "second\n"));
    assertThat(run.endLine()).isEqualTo(6);
    assertThat(nodes.get(2).startLine()).isEqualTo(7);
  }

  @Test
  void dashMarkerStripsLeadingTabsFromBodyAndDelimiter() {
    List<Node> nodes =
        parse("FROM a\nRUN <<-EOF\n\techo one\n\t\techo  two\n  spaces stay\n\tEOF\n");

    Heredoc heredoc = nodes.get(1).heredocs().get(0);
    assertThat(heredoc.chomp()).isTrue();
    assertThat(heredoc.content()).isEqualTo("echo one\necho  two\n  spaces stay\n");
    assertThat(nodes.get(1).endLine()).isEqualTo(6);
  }

  @Test
  void withoutDashAnIndentedDelimiterDoesNotEndTheBody() {
    assertThatThrownBy(() -> parse("FROM a\nRUN <<EOF\n\techo\n\tEOF\n"))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage(
            "Dockerfile:2: unterminated heredoc <<EOF: no line \"EOF\" before the end of the file");
  }

  @Test
  void quotedDelimitersTurnOffExpansion() {
    List<Node> nodes =
        parse(
            "FROM a\n"
                + "RUN <<\"EOF\"\n$HOME\nEOF\n"
                + "RUN <<'END'\n$HOME\nEND\n"
                + "RUN <<E\"O\"F\n$HOME\nEOF\n"
                + "RUN <<PLAIN\n$HOME\nPLAIN\n");

    assertThat(nodes.subList(1, 5))
        .extracting(n -> n.heredocs().get(0))
        .extracting(Heredoc::name, Heredoc::expand, Heredoc::token)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("EOF", false, "<<\"EOF\""),
            org.assertj.core.groups.Tuple.tuple("END", false, "<<'END'"),
            org.assertj.core.groups.Tuple.tuple("EOF", false, "<<E\"O\"F"),
            org.assertj.core.groups.Tuple.tuple("PLAIN", true, "<<PLAIN"));
    assertThat(nodes.get(1).heredocs().get(0).content()).isEqualTo("$HOME\n");
  }

  @Test
  void copyHeredocSourceIsAnArgumentAndAHeredoc() {
    List<Node> nodes =
        parse("FROM a\nCOPY --chmod=644 <<robots.txt /srv/\nUser-agent: *\nrobots.txt\n");

    Node copy = nodes.get(1);
    assertThat(copy.flags()).containsExactly("--chmod=644");
    assertThat(copy.args()).containsExactly("<<robots.txt", "/srv/");
    assertThat(copy.heredocs())
        .containsExactly(
            new Heredoc("robots.txt", "User-agent: *\n", true, false, 0, "<<robots.txt"));
  }

  @Test
  void fileDescriptorDigitsAreRecorded() {
    Node run = parse("FROM a\nRUN cat 3<<EOF\nx\nEOF\n").get(1);

    assertThat(run.heredocs().get(0).fileDescriptor()).isEqualTo(3);
    assertThat(run.heredocs().get(0).token()).isEqualTo("3<<EOF");
  }

  @Test
  void quotedOrGluedMarkersAreNotHeredocs() {
    List<Node> nodes =
        parse("FROM a\nRUN echo \"<<EOF\"\nRUN echo '<<EOF'\nRUN cat<<EOF\nRUN echo \\<<EOF\n");

    assertThat(nodes).hasSize(5);
    assertThat(nodes).allSatisfy(n -> assertThat(n.heredocs()).isEmpty());
  }

  @Test
  void jsonFormAndOtherInstructionsNeverReadHeredocs() {
    List<Node> nodes = parse("FROM a\nRUN [\"cat\", \"<<EOF\"]\nCMD cat <<EOF\nLABEL a=<<EOF\n");

    assertThat(nodes).hasSize(4);
    assertThat(nodes).allSatisfy(n -> assertThat(n.heredocs()).isEmpty());
  }

  @Test
  void anUnterminatedQuoteOnTheLineMeansNoHeredocAsInBuildkit() {
    List<Node> nodes = parse("FROM a\nRUN cat <<EOF 'oops\nRUN true\n");

    assertThat(nodes).hasSize(3);
    assertThat(nodes.get(1).heredocs()).isEmpty();
  }

  @Test
  void onbuildRunReadsItsHeredocIntoBothNodes() {
    Node onbuild = parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n").get(1);

    assertThat(onbuild.endLine()).isEqualTo(4);
    assertThat(onbuild.heredocs()).extracting(Heredoc::content).containsExactly("echo hi\n");
    assertThat(onbuild.onbuild().heredocs()).isEqualTo(onbuild.heredocs());
    assertThat(onbuild.onbuild().endLine()).isEqualTo(4);
  }

  @Test
  void heredocAfterAContinuedLineStartsAfterTheLastContinuation() {
    Node run = parse("FROM a\nRUN --network=none \\\n  cat <<EOF\nbody\nEOF\n").get(1);

    assertThat(run.args()).containsExactly("cat <<EOF");
    assertThat(run.heredocs().get(0).content()).isEqualTo("body\n");
    assertThat(run.startLine()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(5);
  }

  @Test
  void crlfBodiesKeepTheirLineEndingsButTheDelimiterMatches() {
    Node run = parse("FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n").get(1);

    assertThat(run.heredocs().get(0).content()).isEqualTo("echo hi\r\n");
  }

  @Test
  void unterminatedHeredocNamesTheLineWhereItStarted() {
    assertThatThrownBy(() -> parse("FROM a\n\nRUN cat <<A <<B\none\nA\ntwo\n"))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage(
            "Dockerfile:3: unterminated heredoc <<B: no line \"B\" before the end of the file")
        .satisfies(e -> assertThat(((DockerfileSyntaxException) e).line()).isEqualTo(3));
  }

  @Test
  void markerNameRecognisesHeredocWordsOnly() {
    assertThat(Heredoc.markerName("<<EOF")).contains("EOF");
    assertThat(Heredoc.markerName("<<-'END'")).contains("END");
    assertThat(Heredoc.markerName("12<<X")).contains("X");
    assertThat(Heredoc.markerName("<<")).isEmpty();
    assertThat(Heredoc.markerName("<<<EOF")).isEmpty();
    assertThat(Heredoc.markerName("a<<EOF")).isEmpty();
    assertThat(Heredoc.markerName("/dest")).isEmpty();
  }
}
