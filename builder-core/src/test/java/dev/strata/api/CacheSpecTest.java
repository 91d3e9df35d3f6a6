package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheSpecTest {
  @Test
  void readsBuildxForms() {
    assertThat(CacheSpec.from("type=local,src=/c")).isEqualTo(new CacheSpec("local", "/c", false));
    assertThat(CacheSpec.to("type=local,dest=/c,mode=max"))
        .isEqualTo(new CacheSpec("local", "/c", true));
    assertThat(CacheSpec.to("type=registry,ref=localhost:5000/app:cache"))
        .isEqualTo(new CacheSpec("registry", "localhost:5000/app:cache", false));
    assertThat(CacheSpec.from("localhost:5000/app:cache"))
        .isEqualTo(new CacheSpec("registry", "localhost:5000/app:cache", false));
    assertThat(CacheSpec.to("ref=r,mode=min")).isEqualTo(new CacheSpec("registry", "r", false));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "type=local,dest=/c | src= is required",
        "type=s3,src=/c | type must be local or registry",
        "type=local,src=/c,mode=max | mode is a --cache-to option",
        "type=local,src=/c,color=red | unknown field \"color\"",
        "type=local,src=/c,src=/d | given twice",
        "type=local,,src=/c | expected KEY=VALUE",
        "'' | empty value"
      })
  void cacheFromErrorsNameTheFlagAndTheProblem(String spec, String message) {
    assertThatThrownBy(() -> CacheSpec.from(spec))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("--cache-from")
        .hasMessageContaining(message);
  }

  @Test
  void cacheToNeedsADestinationAndAKnownMode() {
    assertThatThrownBy(() -> CacheSpec.to("type=local,src=/c"))
        .hasMessageContaining("--cache-to")
        .hasMessageContaining("dest= is required");
    assertThatThrownBy(() -> CacheSpec.to("type=registry,ref=r,mode=all"))
        .hasMessageContaining("mode must be min or max");
  }
}
