package dev.strata.cache;

import dev.strata.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a step's cache key covers besides its parent: the step kind and an ordered list of
 * named components (instruction text, environment, user, workdir, network, shell, mounts, file
 * sets, base image, copied content). Every input that can change the step's output must be here,
 * and nothing else: the solver builds one per step, {@link CacheKeyEncoder} turns it into the key,
 * and {@link MissExplainer} diffs two of them component by component.
 *
 * <p>Values that may be sensitive (environment variables, build arguments) are held only as digests
 * ({@link StepInput.Hidden}), so an instance can be persisted as is; a secret mount appears by id
 * only. Order is significant, since the order of a process's environment is observable.
 */
public record StepInputs(StepKind kind, List<StepInput> inputs) {
  public StepInputs {
    Objects.requireNonNull(kind, "kind");
    inputs = List.copyOf(inputs);
    Set<String> seen = new HashSet<>();
    for (StepInput i : inputs) {
      if (!seen.add(i.kind().name() + "\0" + i.name())) {
        throw new IllegalArgumentException("input given twice: " + i.id());
      }
    }
  }

  public static Builder builder(StepKind kind) {
    return new Builder(kind);
  }

  /** The component of {@code kind} named {@code name}, if there is one. */
  public Optional<StepInput> find(InputKind kind, String name) {
    for (StepInput i : inputs) {
      if (i.kind() == kind && i.name().equals(name)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The instruction text, or empty when the step has none. */
  public String instruction() {
    return find(InputKind.INSTRUCTION, "").orElse(null) instanceof StepInput.Text t
        ? t.value()
        : "";
  }

  /**
   * One digest per component, by {@link StepInput#id()}, in order: what the cache index keeps of
   * the inputs (enough to tell which component changed, nothing that reveals a hidden value).
   */
  public Map<String, Digest> summary() {
    Map<String, Digest> m = new LinkedHashMap<>();
    for (StepInput i : inputs) {
      m.put(i.id(), CacheKeyEncoder.digest(i));
    }
    return Collections.unmodifiableMap(m);
  }

  /** Collects components in order; each {@code (kind, name)} at most once. */
  public static final class Builder {
    private final StepKind kind;
    private final List<StepInput> inputs = new ArrayList<>();

    private Builder(StepKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Builder add(StepInput input) {
      inputs.add(Objects.requireNonNull(input, "input"));
      return this;
    }

    /** The instruction as it runs, after expansion (history's {@code created_by} text). */
    public Builder instruction(String text) {
      return add(new StepInput.Text(InputKind.INSTRUCTION, "", text));
    }

    /** The base a stage starts from: its manifest digest, or another stage's final key. */
    public Builder baseImage(String reference, Digest digest) {
      return add(new StepInput.Content(InputKind.BASE_IMAGE, reference, digest));
    }

    public Builder platform(String platform) {
      return add(new StepInput.Text(InputKind.PLATFORM, "", platform));
    }

    /** An environment variable the step sees; only a digest of the value is kept. */
    public Builder env(String name, String value) {
      return add(StepInput.Hidden.of(InputKind.ENV, name, value));
    }

    /** Each {@code NAME=value} entry (a name without {@code =} has the empty value), in order. */
    public Builder envList(List<String> entries) {
      for (String e : entries) {
        int eq = e.indexOf('=');
        env(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
      }
      return this;
    }

    /**
     * A build argument in scope; only a digest of name and value is kept. Docker writes argument
     * values into the image history in clear, but a cache index outlives images, so it keeps no
     * more than is needed to say "changed". The digest is unsalted (keys must be the same on every
     * machine), so a short, guessable value can still be found by trying candidates: pass secrets
     * with {@code --secret}, never as build arguments.
     */
    public Builder buildArg(String name, String value) {
      return add(StepInput.Hidden.of(InputKind.BUILD_ARG, name, value));
    }

    public Builder user(String user) {
      return add(new StepInput.Text(InputKind.USER, "", user));
    }

    public Builder workdir(String workdir) {
      return add(new StepInput.Text(InputKind.WORKDIR, "", workdir));
    }

    /** The shell for shell-form commands, as a JSON array. */
    public Builder shell(List<String> shell) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < shell.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(MissReason.quote(shell.get(i)));
      }
      return add(new StepInput.Text(InputKind.SHELL, "", sb.append(']').toString()));
    }

    public Builder network(String mode) {
      return add(new StepInput.Text(InputKind.NETWORK, "", mode));
    }

    /**
     * A RUN mount at {@code target}, described by options sorted by key ({@code type}, {@code id},
     * {@code sharing}, {@code source} digest, ...), rendered so that different option maps never
     * give the same text. A secret mount must be described by its id, never its content.
     */
    public Builder mount(String target, Map<String, String> options) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> o : new TreeMap<>(options).entrySet()) {
        sb.append(sb.length() == 0 ? "" : ",")
            .append(escape(o.getKey()))
            .append('=')
            .append(escape(o.getValue()));
      }
      return add(new StepInput.Text(InputKind.MOUNT, target, sb.toString()));
    }

    /** Files selected from the context, named as the instruction names them (a source). */
    public Builder files(String name, FileSet files) {
      return add(new StepInput.Files(name, files));
    }

    /** The digest of content copied from a stage or an image ({@code COPY --from=name}). */
    public Builder copiedContent(String source, Digest digest) {
      return add(new StepInput.Content(InputKind.COPIED_CONTENT, source, digest));
    }

    /** Another setting that changes the result, such as whether WORKDIR creates the directory. */
    public Builder option(String name, String value) {
      return add(new StepInput.Text(InputKind.OPTION, name, value));
    }

    public StepInputs build() {
      return new StepInputs(kind, inputs);
    }

    private static String escape(String s) {
      return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
  }
}
