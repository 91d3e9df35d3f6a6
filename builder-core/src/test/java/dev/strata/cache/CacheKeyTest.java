package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static StepInputs run(String... parts) {
    StepInputs.Builder b = StepInputs.builder("RUN");
    for (int i = 0; i + 1 < parts.length; i += 2) {
      b.put(parts[i], parts[i + 1]);
    }
    return b.build();
  }

  @Test
  void encodingIsPinned() {
    // Changing what a key covers must come with a new VERSION; this golden value catches an
    // accidental change of the encoding itself.
    CacheKey base = CacheKey.root(StepInputs.builder("FROM").put("base", "scratch").build());
    assertThat(CacheKey.of(base, run("instruction", "RUN true")).toString()).isEqualTo(GOLDEN);
  }

  static final String GOLDEN =
      "sha256:aedbdc3cadf3be461b29968e3f8ce48128f4b6622073f6f280aeef6639652dbd";

  @Test
  void boundariesBetweenPartsMatter() {
    CacheKey parent = CacheKey.root(run("base", "x"));
    assertThat(CacheKey.of(parent, run("ab", "c")))
        .isNotEqualTo(CacheKey.of(parent, run("a", "bc")));
    assertThat(CacheKey.of(parent, run("a", "", "b", "c")))
        .isNotEqualTo(CacheKey.of(parent, run("a", "b", "", "c")));
    assertThat(CacheKey.of(parent, run("x", "1"))).isNotEqualTo(CacheKey.of(null, run("x", "1")));
  }

  @Test
  void kindAndOrderArePartOfTheKey() {
    CacheKey parent = CacheKey.root(run("base", "x"));
    StepInputs copy = StepInputs.builder("COPY").put("instruction", "X").build();
    StepInputs runStep = StepInputs.builder("RUN").put("instruction", "X").build();
    assertThat(CacheKey.of(parent, copy)).isNotEqualTo(CacheKey.of(parent, runStep));
    assertThat(CacheKey.of(parent, run("a", "1", "b", "2")))
        .isNotEqualTo(CacheKey.of(parent, run("b", "2", "a", "1")));
  }

  @Test
  void secretLikeValuesAreKeptAsDigests() {
    StepInputs inputs = StepInputs.builder("RUN").putDigest("env:TOKEN", "hunter2").build();
    assertThat(inputs.inputs().get(0).value()).startsWith("sha256:").doesNotContain("hunter2");
  }

  /** Different inputs never give the same key, whatever the strings hold. */
  @Property(tries = 500)
  void differentInputsGiveDifferentKeys(
      @ForAll("inputs") List<Tuple.Tuple2<String, String>> a,
      @ForAll("inputs") List<Tuple.Tuple2<String, String>> b) {
    CacheKey parent = CacheKey.root(run("base", "p"));
    CacheKey ka = CacheKey.of(parent, of(a));
    CacheKey kb = CacheKey.of(parent, of(b));
    assertThat(ka.equals(kb)).isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, String>>> inputs() {
    Arbitrary<String> s = Arbitraries.strings().withChars("ab=:\n\0é").ofMaxLength(4);
    return s.tuple2().list().ofMaxSize(4);
  }

  private static StepInputs of(List<Tuple.Tuple2<String, String>> parts) {
    StepInputs.Builder b = StepInputs.builder("RUN");
    parts.forEach(t -> b.put(t.get1(), t.get2()));
    return b.build();
  }
}
