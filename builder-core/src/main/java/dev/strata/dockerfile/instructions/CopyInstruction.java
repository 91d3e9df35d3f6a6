package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code COPY [--from=...] [--chown=...] [--chmod=...] [--link] [--parents] [--exclude=...]...
 * src... dest}. All words are unexpanded.
 *
 * @param sources the source paths (or patterns) in order, heredoc sources excluded
 * @param heredocSources the heredoc sources in order; each becomes a file named after the heredoc
 * @param destination the destination path
 * @param from the stage, image or context to copy from
 * @param chown the owner as written
 * @param chmod the mode as written
 * @param link whether {@code --link} was given
 * @param parents whether {@code --parents} was given
 * @param excludes the {@code --exclude} patterns in order
 */
public record CopyInstruction(
    Node node,
    List<String> sources,
    List<Heredoc> heredocSources,
    String destination,
    Optional<String> from,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    boolean parents,
    List<String> excludes)
    implements Instruction {
  public CopyInstruction {
    Objects.requireNonNull(node, "node");
    sources = List.copyOf(sources);
    heredocSources = List.copyOf(heredocSources);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    excludes = List.copyOf(excludes);
  }
}
