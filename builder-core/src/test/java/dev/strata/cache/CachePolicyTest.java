package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  @Test
  void theDefaultLooksUpEveryStage() {
    CachePolicy p = CachePolicy.useCache();
    assertThat(p.lookupAllowed(Optional.of("build"), 0)).isTrue();
    assertThat(p.lookupAllowed(Optional.empty(), 3)).isTrue();
    assertThat(p.bypassReason(Optional.empty(), 3)).isEmpty();
  }

  @Test
  void noCacheTurnsOffEveryStageAndSaysSo() {
    CachePolicy p = CachePolicy.noCacheAtAll();
    assertThat(p.lookupAllowed(Optional.of("build"), 0)).isFalse();
    assertThat(p.bypassReason(Optional.empty(), 1))
        .hasValueSatisfying(
            r -> {
              assertThat(r.kind()).isEqualTo(MissReason.Kind.CACHE_DISABLED);
              assertThat(r).hasToString("--no-cache");
            });
  }

  @Test
  void aFilterTurnsOffOnlyTheNamedStagesByNameInAnyCaseOrByIndex() {
    CachePolicy p = CachePolicy.noCacheFor(List.of("Build", "2"));
    assertThat(p.lookupAllowed(Optional.of("build"), 0)).isFalse();
    assertThat(p.lookupAllowed(Optional.of("BUILD"), 0)).isFalse();
    assertThat(p.lookupAllowed(Optional.of("test"), 1)).isTrue();
    assertThat(p.lookupAllowed(Optional.empty(), 2)).isFalse();
    assertThat(p.bypassReason(Optional.of("build"), 0).orElseThrow())
        .hasToString("--no-cache-filter build");
  }

  @Test
  void aFilterNamingNoStageIsAnError() {
    CachePolicy p = CachePolicy.noCacheFor(List.of("biuld"));
    assertThatThrownBy(() -> p.requireKnownStages(List.of("build", "test"), 2))
        .isInstanceOf(StrataException.class)
        .hasMessage("--no-cache-filter: no stage named biuld (stages: build, test)");
    CachePolicy.noCacheFor(List.of("TEST", "1")).requireKnownStages(List.of("build", "test"), 2);
    assertThatThrownBy(() -> CachePolicy.noCacheFor(List.of("2")).requireKnownStages(List.of(), 2))
        .hasMessageContaining("no stage named 2");
  }

  @Test
  void anEmptyStageNameIsAnError() {
    assertThatThrownBy(() -> CachePolicy.noCacheFor(List.of(" ")))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("empty stage name");
  }
}
