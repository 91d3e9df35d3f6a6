package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChmodSpecTest {
  @Test
  void octalReplacesAllTwelveBits() {
    ChmodSpec c = ChmodSpec.parse("755");
    assertThat(c.isOctal()).isTrue();
    assertThat(c.apply(04600, false)).isEqualTo(0755);
    assertThat(ChmodSpec.parse("04755").apply(0644, false)).isEqualTo(04755);
    assertThat(ChmodSpec.parse("0").apply(0777, true)).isZero();
    assertThat(ChmodSpec.parse("7777").apply(0, false)).isEqualTo(07777);
  }

  @ParameterizedTest
  @CsvSource({"8", "0789", "17777", "99999999999999999999", "1e3"})
  void numbersThatAreNotOctalModesFailWithBuildKitsWords(String text) {
    assertThatThrownBy(() -> ChmodSpec.parse(text))
        .isInstanceOf(CopyException.class)
        .hasMessage(
            "invalid chmod parameter: '"
                + text
                + "'. it should be octal string and between 0 and 07777");
  }

  /** Expected values worked out from chmod(1) with a umask of 022. */
  @ParameterizedTest(name = "{0} on {1} (dir={2}) = {3}")
  @CsvSource({
    "+x, 0644, false, 0755",
    "u+x, 0644, false, 0744",
    "a+x, 0600, false, 0711",
    "+w, 0444, false, 0644",
    "go-w, 0666, false, 0644",
    "-w, 0666, false, 0466",
    "'u=rwX,go=rX', 0600, false, 0644",
    // X counts with + only in the port BuildKit runs, so = leaves execute bits off
    "'u=rwX,go=rX', 0700, false, 0644",
    "'u=rwX,go=rX', 0700, true, 0644",
    "'u=rwX,go=rX,+X', 0700, true, 0755",
    "g=u, 0750, false, 0770",
    "go=u-w, 0755, false, 0755",
    "go=u-w, 0700, false, 0755",
    "a=, 0777, false, 0000",
    "go=, 0755, false, 0700",
    "u+s, 0755, false, 04755",
    "g+s, 0755, true, 02755",
    "o+t, 0755, true, 0755",
    "+t, 0755, true, 01755",
    "'=rw,+X', 0755, false, 0755",
    "'=rw,+X', 0644, false, 0644",
    "'u-x,+X', 0755, false, 0755",
    "'u-x,+X', 0644, true, 0755",
    "+X, 0644, false, 0644",
    "+X, 0644, true, 0755",
    "'u=rw,g=r,o=', 0777, false, 0640",
    "ug+rw-x, 0711, false, 0661",
  })
  void symbolicModesFollowChmod(String spec, String mode, boolean dir, String expected) {
    assertThat(ChmodSpec.parse(spec).apply(Integer.parseInt(mode, 8), dir))
        .isEqualTo(Integer.parseInt(expected, 8));
  }

  @ParameterizedTest
  @CsvSource({"u", "x+", "'u+x,'", "ux", "+y", "'u+x,,g+x'", "rwx"})
  void malformedSymbolicModesAreRejected(String spec) {
    assertThatThrownBy(() -> ChmodSpec.parse(spec))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("invalid chmod parameter: '" + spec + "'");
  }

  /**
   * The Apply table of tonistiigi/dchapes-mode (mode_test.go), the BSD setmode port BuildKit runs:
   * original mode (d for a directory), expected mode, umask, mode string.
   */
  @ParameterizedTest(name = "{3} on {0} with umask {2} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0777|0000|0|=",
        "0777|0777|0|+",
        "0421|0421|0|+",
        "0777|0777|0|-",
        "0421|0421|0|-",
        "0421|01421|0|+t",
        "01421|0421|0|-t",
        "0000|0400|0|u+r",
        "0000|0200|0|u+w",
        "0000|0100|0|u+x",
        "0000|0000|0|u+X",
        "0001|0101|0|u+X",
        "d000|0100|0|u+X",
        "0000|04000|0|u+s",
        "0000|0040|0|g+r",
        "0000|0020|0|g+w",
        "0000|0010|0|g+x",
        "0000|0000|0|g+X",
        "0100|0110|0|g+X",
        "d000|0010|0|g+X",
        "0000|02000|0|g+s",
        "0000|0004|0|o+r",
        "0000|0002|0|o+w",
        "0000|0001|0|o+x",
        "0000|0000|0|o+X",
        "0100|0101|0|o+X",
        "d000|0001|0|o+X",
        "0000|0000|0|o+s",
        "0000|0421|0|0421",
        "0000|07421|0|07421",
        "0000|0444|0|+r",
        "0000|0222|0|+w",
        "0000|0111|0|+x",
        "0000|0000|0|+X",
        "0010|0111|0|+X",
        "d000|0111|0|+X",
        "0000|06000|0|+s",
        "0000|0440|034|+r",
        "0000|0220|052|+w",
        "0000|0110|061|+x",
        "0777|0333|0|-r",
        "0777|0555|0|-w",
        "0777|0666|0|-x",
        "0777|0777|0|-X",
        "d777|0777|0|-X",
        "06777|0777|0|-s",
        "0777|0337|037|-r",
        "0777|0557|057|-w",
        "0777|0667|067|-x",
        "0777|0377|0|u-r",
        "0777|0577|0|u-w",
        "0777|0677|0|u-x",
        "0777|0777|0|u-X",
        "d777|0777|0|u-X",
        "04777|0777|0|u-s",
        "0000|0600|0|u=rw",
        "0777|0677|0|u=rw",
        "0777|0077|0|u=",
        "0000|0666|0|=rw",
        "0777|0666|0|=rw",
        "0042|0442|0|u=g",
        "0742|0442|0|u=g",
        "0722|0022|0|u=g-w",
        "0742|0442|0|u=g-w",
        "0762|0462|0|u=g-w",
        "0772|0572|0|u=g-w",
        "0021|0121|0|u+o",
        "0021|0221|0|u+g",
        "0021|0321|0|u+go",
        "0011|0111|037|u+uo",
        "0111|0011|037|-u",
        "0111|0011|037|-Xu",
        "0111|0011|037|-uX",
        "0000|0764|0|a=r,ug=rw,u+x",
        "0777|0764|0|a=r,ug=rw,u+x",
        "0000|01624|0|o+r,g+w,a+t,g-s,u+og",
        "02100|01724|0|o+r,g+w,a+t,g-s,u+og",
        "d6000|05624|0|o+r,g+w,a+t,g-s,u+og",
        "0777|0644|0|644",
        "0777|0755|0|go-w",
        "0666|0664|02|=rw,+X",
        "0766|0775|02|=rw,+X",
        "0766|0765|012|=rw,+X",
        "0000|0755|0|u=rwx,go=rx",
        "0000|0755|0|u=rwx,go=u-w",
        "0777|0700|0|go=",
        "0770|0755|0|go=u-w",
        "0670|0644|0|go=u-w",
        "0570|0555|0|go=u-w",
        "0370|0311|0|go=u-w",
      })
  void matchesTheSetmodePortBuildKitRuns(String from, String to, String umask, String spec) {
    boolean dir = from.startsWith("d");
    int mode = Integer.parseInt(dir ? from.substring(1) : from, 8);
    assertThat(ChmodSpec.parse(spec, Integer.parseInt(umask, 8)).apply(mode, dir))
        .isEqualTo(Integer.parseInt(to, 8));
  }
}
