package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationTest {
  @ParameterizedTest(name = "{0} in {1} = {2} dir={3}")
  @CsvSource({
    "/abs, /w, /abs, false",
    "/abs/, /w, /abs, true",
    "/abs/., /w, /abs, true",
    "rel, /usr/src/app, /usr/src/app/rel, false",
    "rel/, /usr/src/app, /usr/src/app/rel, true",
    "., /usr/src/app, /usr/src/app, true",
    "'', /usr/src/app, /usr/src/app, true",
    "./, /w, /w, true",
    "../x, /w/y, /w/x, false",
    "../../../../x, /w, /x, false",
    "/, /w, /, true",
    "a//b/./c/, /, /a/b/c, true",
    "x, '', /x, false",
  })
  void resolvesAgainstTheWorkdirAndKeepsTheDirectoryMark(
      String dest, String workdir, String path, boolean dir) {
    Destination d = Destination.of(dest, workdir);
    assertThat(d.path()).isEqualTo(path);
    assertThat(d.directory()).isEqualTo(dir);
  }
}
