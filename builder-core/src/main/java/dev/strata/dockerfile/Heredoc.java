package dev.strata.dockerfile;

import java.util.Objects;
import java.util.Optional;

/**
 * A here-document attached to a RUN, COPY or ADD instruction ({@code <<EOF} ... {@code EOF}).
 *
 * @param name the delimiter with its quotes removed; for a COPY or ADD source this is also the name
 *     of the file created in the destination ({@code COPY <<robots.txt /srv/} writes {@code
 *     /srv/robots.txt})
 * @param content the body: every line between the marker line and the delimiter line, each with its
 *     line ending as in the file; with {@code <<-} the leading tabs of every line are already
 *     removed
 * @param expand whether variables in the body are to be expanded: false when any part of the
 *     delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'})
 * @param chomp whether the marker was {@code <<-} (leading tabs stripped, the delimiter line may be
 *     indented with tabs)
 * @param fileDescriptor the descriptor digits before {@code <<} ({@code 3<<EOF}), 0 when none
 * @param token the marker exactly as written in the instruction, e.g. {@code <<-"EOF"}
 */
public record Heredoc(
    String name, String content, boolean expand, boolean chomp, int fileDescriptor, String token) {
  public Heredoc {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(token, "token");
  }

  /**
   * The heredoc name if {@code word} is a heredoc marker such as {@code <<EOF}, {@code <<-"END"} or
   * {@code 2<<X}; used to tell heredoc sources from paths in COPY and ADD arguments.
   */
  public static Optional<String> markerName(String word) {
    return HeredocMarkers.parseMarker(word).map(HeredocMarkers.Marker::name);
  }
}
