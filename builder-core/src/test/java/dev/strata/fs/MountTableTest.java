package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {
  @Test
  void mountinfoEscapesAreDecoded() {
    assertThat(MountTable.unescape("/var/a\\040b\\011c\\012d\\134e"))
        .isEqualTo("/var/a b\tc\nd\\e");
    assertThat(MountTable.unescape("/plain")).isEqualTo("/plain");
    assertThat(MountTable.unescape("/odd\\09x")).isEqualTo("/odd\\09x");
  }

  @Test
  void theRootIsAMountPointAndNothingIsMountedUnderANewDirectory() throws IOException {
    assertThat(MountTable.isMountPoint(Path.of("/"))).isTrue();
    assertThat(MountTable.under(Path.of("/nonexistent-strata-dir"))).isEmpty();
  }
}
