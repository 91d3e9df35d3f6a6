package dev.strata.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LineOutputTest {
  @Test
  void handsOverLinesAsTheyCompleteAndTheRestOnClose() {
    List<String> lines = new ArrayList<>();
    LineOutput out = new LineOutput(lines::add);
    out.write("fir".getBytes(UTF_8), 0, 3);
    assertThat(lines).isEmpty();
    out.write("st\r\nsec".getBytes(UTF_8), 0, 7);
    assertThat(lines).containsExactly("first");
    out.write('\n');
    out.write("\nlast".getBytes(UTF_8), 0, 5);
    assertThat(lines).containsExactly("first", "sec", "");
    out.close();
    out.close();
    assertThat(lines).containsExactly("first", "sec", "", "last");
  }

  @Test
  void multiByteCharactersSplitAcrossWritesSurvive() {
    List<String> lines = new ArrayList<>();
    LineOutput out = new LineOutput(lines::add);
    byte[] b = "héllo\n".getBytes(UTF_8);
    out.write(b, 0, 2);
    out.write(b, 2, b.length - 2);
    assertThat(lines).containsExactly("héllo");
  }

  @Property
  void chunkingNeverChangesTheLines(
      @ForAll String text, @ForAll @IntRange(min = 1, max = 7) int chunk) {
    String input = text.replace("\r", "");
    List<String> lines = new ArrayList<>();
    LineOutput out = new LineOutput(lines::add);
    byte[] bytes = input.getBytes(UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      out.write(bytes, i, Math.min(chunk, bytes.length - i));
    }
    out.close();
    List<String> expected = new ArrayList<>(Arrays.asList(input.split("\n", -1)));
    if (expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    List<String> normalized = new ArrayList<>();
    for (String e : expected) {
      normalized.add(new String(e.getBytes(UTF_8), UTF_8));
    }
    assertThat(lines).isEqualTo(normalized);
  }
}
