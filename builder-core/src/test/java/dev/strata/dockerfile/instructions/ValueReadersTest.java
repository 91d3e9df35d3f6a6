package dev.strata.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go durations, RAM sizes and CSV fields, read the way Docker reads them. */
class ValueReadersTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "30s, 30000000000",
    "1m30s, 90000000000",
    "1.5h, 5400000000000",
    ".5s, 500000000",
    "5.s, 5000000000",
    "100ms, 100000000",
    "3us, 3000",
    "3µs, 3000",
    "7ns, 7",
    "+2m, 120000000000",
    "-1s, -1000000000",
    "1h2m3s4ms5us6ns, 3723004005006"
  })
  void goDurationsParse(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | invalid duration \"\"",
        "s | invalid duration \"s\"",
        ". | invalid duration \".\"",
        "10 | missing unit in duration \"10\"",
        "1d | unknown unit \"d\" in duration \"1d\"",
        "1s2 | missing unit in duration \"1s2\"",
        "9999999999h | invalid duration \"9999999999h\""
      })
  void badGoDurationsAreRejected(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Property
  void goDurationOfHoursMinutesSecondsMillis(
      @ForAll @IntRange(max = 1000) int h,
      @ForAll @IntRange(max = 59) int m,
      @ForAll @IntRange(max = 59) int s,
      @ForAll @IntRange(max = 999) int ms) {
    Duration expected = Duration.ofHours(h).plusMinutes(m).plusSeconds(s).plusMillis(ms);

    assertThat(GoDuration.parse(h + "h" + m + "m" + s + "s" + ms + "ms")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1024, 1024",
    "64m, 67108864",
    "64M, 67108864",
    "1k, 1024",
    "1kb, 1024",
    "1KiB, 1024",
    "1.5g, 1610612736",
    "2 GiB, 2147483648",
    "1t, 1099511627776",
    "1p, 1125899906842624",
    "10b, 10"
  })
  void memorySizesUseBinaryUnits(String text, long bytes) {
    assertThat(MemorySize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"big", "-1m", "1.2.3m", "1x", "m", "''"})
  void badMemorySizesAreRejected(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void csvFieldsSplitOnCommasOutsideQuotes() {
    assertThat(MountFields.split("a,\"b,c\",\"d\"\"e\",,f"))
        .containsExactly("a", "b,c", "d\"e", "", "f");
    assertThat(MountFields.split("a,")).containsExactly("a", "");
  }

  @Property
  void csvQuotedFieldsRoundTrip(
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 8) String> fields) {
    List<String> encoded = new ArrayList<>();
    for (String f : fields) {
      encoded.add("\"" + f.replace("\"", "\"\"") + "\"");
    }

    assertThat(MountFields.split(String.join(",", encoded))).containsExactlyElementsOf(fields);
  }
}
