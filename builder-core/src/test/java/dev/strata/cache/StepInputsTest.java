package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StepInputsTest {
  @Test
  void aComponentGivenTwiceIsRefused() {
    assertThatThrownBy(() -> StepInputs.builder(StepKind.RUN).env("A", "1").env("A", "2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env A");
  }

  @Test
  void sameNameUnderDifferentKindsIsFine() {
    StepInputs s = StepInputs.builder(StepKind.RUN).env("A", "1").buildArg("A", "1").build();
    assertThat(s.inputs()).hasSize(2);
    assertThat(s.find(InputKind.BUILD_ARG, "A").orElseThrow()).isInstanceOf(StepInput.Hidden.class);
  }

  @Test
  void envAndBuildArgValuesAreNeverHeld() {
    StepInputs s =
        StepInputs.builder(StepKind.RUN)
            .env("TOKEN", "s3cr3t-env")
            .buildArg("PASSWORD", "s3cr3t-arg")
            .build();
    assertThat(s.toString()).doesNotContain("s3cr3t");
    assertThat(new String(CacheJson.seal("t", CacheJson.inputs(s)))).doesNotContain("s3cr3t");
    assertThat(s.summary().toString()).doesNotContain("s3cr3t");
  }

  @Test
  void envListSplitsAtTheFirstEquals() {
    StepInputs s =
        StepInputs.builder(StepKind.RUN).envList(List.of("A=b=c", "EMPTY=", "BARE")).build();
    assertThat(s.find(InputKind.ENV, "A").orElseThrow())
        .isEqualTo(StepInput.Hidden.of(InputKind.ENV, "A", "b=c"));
    assertThat(s.find(InputKind.ENV, "EMPTY").orElseThrow())
        .isEqualTo(StepInput.Hidden.of(InputKind.ENV, "EMPTY", ""));
    assertThat(s.find(InputKind.ENV, "BARE").orElseThrow())
        .isEqualTo(StepInput.Hidden.of(InputKind.ENV, "BARE", ""));
  }

  @Test
  void aKindHeldInAnotherFormIsRefused() {
    assertThatThrownBy(() -> new StepInput.Text(InputKind.ENV, "A", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StepInput.Content(InputKind.USER, "", Digest.sha256("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summaryHasOneDigestPerComponentById() {
    StepInputs s = GoldenBuild.run();
    assertThat(s.summary().keySet())
        .containsExactly(
            "instruction",
            "env PATH",
            "build arg VERSION",
            "user",
            "workdir",
            "shell",
            "network",
            "mount /var/cache/apk");
  }

  @Test
  void instructionIsEmptyWhenAbsent() {
    assertThat(StepInputs.builder(StepKind.RUN).build().instruction()).isEmpty();
    assertThat(GoldenBuild.copy().instruction()).isEqualTo("COPY src /app/src");
  }

  @Test
  void secretMountsAreDescribedByIdOnly() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("type", "secret");
    options.put("id", "npmrc");
    options.put("required", "true");
    StepInputs s = StepInputs.builder(StepKind.RUN).mount("/run/secrets/npmrc", options).build();
    assertThat(s.find(InputKind.MOUNT, "/run/secrets/npmrc").orElseThrow())
        .isEqualTo(
            new StepInput.Text(
                InputKind.MOUNT, "/run/secrets/npmrc", "id=npmrc,required=true,type=secret"));
  }

  @Provide
  Arbitrary<Map<String, String>> options() {
    Arbitrary<String> t = Arbitraries.strings().withChars("a=,\\").ofMaxLength(3);
    return Arbitraries.maps(t, t).ofMaxSize(3);
  }

  @Property(tries = 2000)
  void mountRenderingIsInjective(
      @ForAll("options") Map<String, String> a, @ForAll("options") Map<String, String> b) {
    StepInput ra = StepInputs.builder(StepKind.RUN).mount("/m", a).build().inputs().get(0);
    StepInput rb = StepInputs.builder(StepKind.RUN).mount("/m", b).build().inputs().get(0);
    assertThat(ra.equals(rb)).isEqualTo(a.equals(b));
  }

  @Property(tries = 1000)
  void shellRenderingIsInjective(@ForAll("words") List<String> a, @ForAll("words") List<String> b) {
    StepInput ra = StepInputs.builder(StepKind.RUN).shell(a).build().inputs().get(0);
    StepInput rb = StepInputs.builder(StepKind.RUN).shell(b).build().inputs().get(0);
    assertThat(ra.equals(rb)).isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<List<String>> words() {
    return Arbitraries.strings().withChars("a\",\\ ").ofMaxLength(3).list().ofMaxSize(3);
  }

  @Test
  void stepKindsParseKeywordsInAnyCase() {
    assertThat(StepKind.of("run")).isEqualTo(StepKind.RUN);
    assertThat(StepKind.of("HealthCheck")).isEqualTo(StepKind.HEALTHCHECK);
    assertThatThrownBy(() -> StepKind.of("FROB")).hasMessageContaining("FROB");
  }
}
