package dev.strata.cache;

import dev.strata.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a step's key covers, as named parts in a fixed order, so that two builds can be
 * compared part by part to say why a key changed. Values that may be secret-like (environment and
 * build-arg values) are kept only as digests: a miss can say that {@code TOKEN} changed, never what
 * it was.
 *
 * <p>Names are {@code kind:detail}: {@code instruction}, {@code base}, {@code env:NAME}, {@code
 * user}, {@code workdir}, {@code network}, {@code mount:N}, {@code file:PATH}, {@code from}.
 *
 * @param kind the step kind ({@code FROM}, {@code RUN}, {@code COPY}, ...)
 * @param inputs the parts in order
 */
public record StepInputs(String kind, List<Input> inputs) {
  /** One named part and its value (or the digest of its value). */
  public record Input(String name, String value) {
    public Input {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public StepInputs {
    Objects.requireNonNull(kind, "kind");
    inputs = List.copyOf(inputs);
  }

  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /** The parts by name, for comparison. */
  public Map<String, String> byName() {
    Map<String, String> map = new LinkedHashMap<>();
    inputs.forEach(i -> map.put(i.name(), i.value()));
    return map;
  }

  /** Collects the parts of one step's inputs in order. */
  public static final class Builder {
    private final String kind;
    private final List<Input> inputs = new ArrayList<>();

    private Builder(String kind) {
      this.kind = kind;
    }

    /** A part kept as written (instruction text, user, workdir, a file's description). */
    public Builder put(String name, String value) {
      inputs.add(new Input(name, value));
      return this;
    }

    /** A part kept only as the digest of {@code name=value}, for values that may be secret. */
    public Builder putDigest(String name, String value) {
      inputs.add(new Input(name, Digest.sha256(name + "=" + value).toString()));
      return this;
    }

    public StepInputs build() {
      return new StepInputs(kind, inputs);
    }
  }
}
