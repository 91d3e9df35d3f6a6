package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.context.BuildContext;
import dev.strata.context.ContextEntry;
import dev.strata.context.ContextHasher;
import dev.strata.context.HashResult;
import dev.strata.context.TreeDigest;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.AddInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.plan.Step;
import dev.strata.solver.copy.CopyRequest;
import dev.strata.solver.copy.CopySource;
import dev.strata.solver.copy.EarlierFiles;
import dev.strata.solver.copy.FileCopier;
import dev.strata.solver.copy.SourceInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * COPY and ADD for the solver: turns a step into a copy request, gives the digest of what it
 * selects for the cache key, and copies into a snapshot. Context files are hashed through a stat
 * cache kept in the store per context directory, so a rebuild with nothing changed reads no file.
 */
final class FileSteps implements AutoCloseable {
  private final String fileName;
  private final ContextHasher hasher;
  private final FileCopier copier;

  FileSteps(String fileName, BuildContext context, Path cacheDir, Path downloads)
      throws IOException {
    this.fileName = fileName;
    Path root = context.root().toRealPath();
    Path statCache = cacheDir.resolve("context").resolve(Digest.sha256(root.toString()).encoded());
    Files.createDirectories(statCache.getParent());
    this.hasher = new ContextHasher(root, statCache);
    this.copier = new FileCopier(null, downloads);
  }

  /** What the step selects: the digest its key covers, and the entries to explain a miss. */
  SourceInputs inputs(Step step, StepSources sources) {
    try {
      return copier.inputs(request(step, sources));
    } catch (StrataException e) {
      throw located(step, e);
    }
  }

  /** The digest of the context below {@code subtree} as a bind mount shows it. */
  String contextDigest(BuildContext context, String subtree) {
    String rel = subtree.replaceAll("^/+", "");
    List<ContextEntry> entries = rel.isEmpty() ? context.walk() : context.list(rel);
    HashResult hashes = hasher.hash(context, rel);
    return TreeDigest.of(entries, hashes, false).toString();
  }

  /**
   * Whether the step is a {@code COPY --link} or {@code ADD --link} whose layer BuildKit makes on
   * its own: the files copied into an empty tree, the diff stacked on the parent, the same layer
   * whatever the parent is.
   */
  boolean linksLayer(Step step, StepSources sources) {
    boolean link =
        step.instruction() instanceof CopyInstruction copy
            ? copy.link()
            : step.instruction() instanceof AddInstruction add && add.link();
    return link && request(step, sources).linksLayer();
  }

  /** Whether {@code step} is a COPY or an ADD. */
  static boolean copies(Step step) {
    return step.instruction() instanceof CopyInstruction
        || step.instruction() instanceof AddInstruction;
  }

  /** Copies what the step selects into {@code rootfs}, taking the files {@code earlier} holds. */
  void apply(Step step, Path rootfs, StepSources sources, Optional<EarlierFiles> earlier) {
    try {
      copier.copy(request(step, sources), rootfs, earlier);
    } catch (StrataException e) {
      throw located(step, e);
    }
  }

  private CopyRequest request(Step step, StepSources sources) {
    if (step.instruction() instanceof CopyInstruction copy) {
      CopySource source =
          copy.from().isPresent()
              ? CopySource.rootfs(sources.root(copy.from().get()))
              : CopySource.context(sources.context(), hasher);
      CopyRequest.Builder b =
          CopyRequest.copy(source)
              .sources(copy.sources())
              .destination(copy.destination())
              .workdir(step.scope().workdir())
              .link(copy.link())
              .parents(copy.parents())
              .exclude(copy.excludes().toArray(String[]::new));
      for (Heredoc doc : copy.heredocSources()) {
        b.inline(doc.name(), doc.content());
      }
      copy.chown().ifPresent(b::chown);
      copy.chmod().ifPresent(b::chmod);
      return b.build();
    }
    AddInstruction add = (AddInstruction) step.instruction();
    CopyRequest.Builder b =
        CopyRequest.add(CopySource.context(sources.context(), hasher))
            .sources(add.sources())
            .destination(add.destination())
            .workdir(step.scope().workdir())
            .link(add.link())
            .keepGitDir(add.keepGitDir())
            .exclude(add.excludes().toArray(String[]::new));
    for (Heredoc doc : add.heredocSources()) {
      b.inline(doc.name(), doc.content());
    }
    add.chown().ifPresent(b::chown);
    add.chmod().ifPresent(b::chmod);
    add.checksum().ifPresent(b::checksum);
    add.unpack().ifPresent(b::unpack);
    return b.build();
  }

  private StrataException located(Step step, StrataException e) {
    String prefix = fileName + ":" + step.startLine() + ": ";
    if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
      return e;
    }
    return new StepFailedException(prefix + e.getMessage(), 1, e);
  }

  @Override
  public void close() {
    copier.close();
  }
}
