package dev.strata.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bflag rules: {@code --name=value} for strings, optional value for bools. */
class FlagSetTest {
  private final FlagSet flags = new FlagSet().string("from").bool("link").strings("exclude");

  @Test
  void readsEveryKindOfFlag() {
    FlagSet.Values v = flags.parse(List.of("--from=a=b", "--link", "--exclude=x", "--exclude="));

    assertThat(v.string("from")).contains("a=b");
    assertThat(v.bool("link")).isTrue();
    assertThat(v.boolIfGiven("link")).contains(true);
    assertThat(v.strings("exclude")).containsExactly("x", "");
  }

  @Test
  void absentFlagsHaveNoValue() {
    FlagSet.Values v = flags.parse(List.of());

    assertThat(v.string("from")).isEmpty();
    assertThat(v.bool("link")).isFalse();
    assertThat(v.boolIfGiven("link")).isEmpty();
    assertThat(v.strings("exclude")).isEmpty();
  }

  @Test
  void boolValuesAreCaseInsensitive() {
    assertThat(flags.parse(List.of("--link=TRUE")).bool("link")).isTrue();
    assertThat(flags.parse(List.of("--link=False")).boolIfGiven("link")).contains(false);
  }

  @Test
  void stringFlagMayBeEmptyButNotMissing() {
    assertThat(flags.parse(List.of("--from=")).string("from")).contains("");
    assertThatThrownBy(() -> flags.parse(List.of("--from")))
        .hasMessage("missing a value on flag: --from (write --from=...)");
  }

  @Test
  void unknownAndDuplicateFlagsAreErrors() {
    assertThatThrownBy(() -> flags.parse(List.of("--lnk")))
        .hasMessage("unknown flag: --lnk (did you mean --link?)");
    assertThatThrownBy(() -> flags.parse(List.of("--link", "--link=false")))
        .hasMessage("duplicate flag specified: --link");
    assertThatThrownBy(() -> flags.parse(List.of("--Link")))
        .hasMessage("unknown flag: --Link (did you mean --link?)");
  }
}
