package dev.strata.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("form", "from")).isEqualTo(2);
    assertThat(DidYouMean.distance("é", "e")).isEqualTo(1);
  }

  @Test
  void suggestsOnlyCloseWordsAndNeverAnExactOne() {
    List<String> options = List.of("FROM", "RUN", "COPY");

    assertThat(DidYouMean.closest("FORM", options, false)).contains("FROM");
    assertThat(DidYouMean.closest("form", options, false)).contains("from");
    assertThat(DidYouMean.closest("Form", options, false)).contains("from");
    assertThat(DidYouMean.closest("run", options, false)).isEmpty();
    assertThat(DidYouMean.closest("xylophone", options, false)).isEmpty();
    assertThat(DidYouMean.closest("copi", options, true)).isEmpty();
    assertThat(DidYouMean.suffix("RUNN", options, false)).isEqualTo(" (did you mean RUN?)");
  }

  @Test
  void theFirstOfEquallyCloseOptionsWins() {
    assertThat(DidYouMean.closest("ab", List.of("xb", "ax"), true)).contains("xb");
  }
}
