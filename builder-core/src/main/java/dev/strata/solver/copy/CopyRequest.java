package dev.strata.solver.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One COPY or ADD, with every word already expanded by the planner.
 *
 * @param instruction COPY or ADD
 * @param source where local sources are read: the build context, or a stage's rootfs for {@code
 *     --from}
 * @param sources the source words in order: paths or Go wildcard patterns, relative to the source
 *     root ({@code ..} cannot leave it); for ADD also http(s) URLs
 * @param inlineFiles the heredoc sources, copied after {@code sources}
 * @param destination the destination as written; relative to {@code workdir} unless absolute; a
 *     trailing {@code /} makes it a directory
 * @param workdir the step's WORKDIR, absolute
 * @param chown {@code --chown} (user[:group], names resolved in the destination rootfs)
 * @param chmod {@code --chmod} (octal, or symbolic such as {@code u+x})
 * @param link {@code --link}; see {@link #linksLayer()}
 * @param parents {@code --parents}: keep each source's path below the context root (or below a
 *     {@code /./} pivot in the source)
 * @param excludes {@code --exclude} patterns
 * @param checksum ADD {@code --checksum}: the sha256 digest a URL's content must have
 * @param unpack ADD {@code --unpack}: whether to extract archives (default: local ones only)
 * @param keepGitDir ADD {@code --keep-git-dir}
 */
public record CopyRequest(
    Instruction instruction,
    CopySource source,
    List<String> sources,
    List<InlineFile> inlineFiles,
    String destination,
    String workdir,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    boolean parents,
    List<String> excludes,
    Optional<String> checksum,
    Optional<Boolean> unpack,
    boolean keepGitDir) {

  /** Which instruction is copying. */
  public enum Instruction {
    COPY,
    ADD
  }

  public CopyRequest {
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(source, "source");
    sources = List.copyOf(sources);
    inlineFiles = List.copyOf(inlineFiles);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(workdir, "workdir");
    chown = chown.filter(s -> !s.isEmpty());
    chmod = chmod.filter(s -> !s.isEmpty());
    excludes = List.copyOf(excludes);
    checksum = checksum.filter(s -> !s.isEmpty());
    Objects.requireNonNull(unpack, "unpack");
  }

  /**
   * Whether BuildKit would make this a {@code --link} layer: the copy then goes into an empty
   * directory whose diff is merged on top of the parent, so the caller passes an empty rootfs
   * (where {@code --chown} names cannot be found). BuildKit ignores {@code --link} when {@code
   * --chmod} is given.
   */
  public boolean linksLayer() {
    return link && chmod.isEmpty();
  }

  /** A COPY from {@code source}. */
  public static Builder copy(CopySource source) {
    return new Builder(Instruction.COPY, source);
  }

  /** An ADD from {@code source}. */
  public static Builder add(CopySource source) {
    return new Builder(Instruction.ADD, source);
  }

  /** Builds a request; only sources (or inline files) and the destination are required. */
  public static final class Builder {
    private final Instruction instruction;
    private final CopySource source;
    private final List<String> sources = new ArrayList<>();
    private final List<InlineFile> inlineFiles = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private String destination;
    private String workdir = "/";
    private String chown;
    private String chmod;
    private boolean link;
    private boolean parents;
    private String checksum;
    private Boolean unpack;
    private boolean keepGitDir;

    private Builder(Instruction instruction, CopySource source) {
      this.instruction = instruction;
      this.source = source;
    }

    public Builder sources(String... s) {
      sources.addAll(List.of(s));
      return this;
    }

    public Builder sources(List<String> s) {
      sources.addAll(s);
      return this;
    }

    public Builder inline(InlineFile f) {
      inlineFiles.add(f);
      return this;
    }

    public Builder inline(String name, String content) {
      return inline(InlineFile.of(name, content));
    }

    public Builder destination(String d) {
      destination = d;
      return this;
    }

    public Builder workdir(String w) {
      workdir = w;
      return this;
    }

    public Builder chown(String c) {
      chown = c;
      return this;
    }

    public Builder chmod(String c) {
      chmod = c;
      return this;
    }

    public Builder link(boolean l) {
      link = l;
      return this;
    }

    public Builder parents(boolean p) {
      parents = p;
      return this;
    }

    public Builder exclude(String... patterns) {
      excludes.addAll(List.of(patterns));
      return this;
    }

    public Builder checksum(String c) {
      checksum = c;
      return this;
    }

    public Builder unpack(boolean u) {
      unpack = u;
      return this;
    }

    public Builder keepGitDir(boolean k) {
      keepGitDir = k;
      return this;
    }

    public CopyRequest build() {
      return new CopyRequest(
          instruction,
          source,
          sources,
          inlineFiles,
          destination,
          workdir,
          Optional.ofNullable(chown),
          Optional.ofNullable(chmod),
          link,
          parents,
          excludes,
          Optional.ofNullable(checksum),
          Optional.ofNullable(unpack),
          keepGitDir);
    }
  }
}
