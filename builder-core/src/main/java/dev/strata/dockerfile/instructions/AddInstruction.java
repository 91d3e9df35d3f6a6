package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.Node;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ADD [--chown=...] [--chmod=...] [--link] [--checksum=...] [--keep-git-dir]
 * [--unpack[=bool]] [--exclude=...]... src... dest}. Sources may be URLs and Git repositories as
 * well as paths; all words are unexpanded.
 *
 * @param sources the sources in order, heredoc sources excluded
 * @param heredocSources the heredoc sources in order; each becomes a file named after the heredoc
 * @param destination the destination path
 * @param chown the owner as written
 * @param chmod the mode as written
 * @param link whether {@code --link} was given
 * @param checksum the expected digest of a URL or Git source, as written
 * @param keepGitDir whether {@code --keep-git-dir} was given
 * @param unpack {@code --unpack} when given: whether to extract local or remote archives
 * @param excludes the {@code --exclude} patterns in order
 */
public record AddInstruction(
    Node node,
    List<String> sources,
    List<Heredoc> heredocSources,
    String destination,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    Optional<String> checksum,
    boolean keepGitDir,
    Optional<Boolean> unpack,
    List<String> excludes)
    implements Instruction {
  public AddInstruction {
    Objects.requireNonNull(node, "node");
    sources = List.copyOf(sources);
    heredocSources = List.copyOf(heredocSources);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(unpack, "unpack");
    excludes = List.copyOf(excludes);
  }
}
