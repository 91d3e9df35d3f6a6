package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {
  @TempDir Path dir;

  @Test
  void eachStreamComesBackOnItsOwnSinkInOrderAndAnIncompleteFrameWaits() throws Exception {
    Path file = dir.resolve("container.log");
    try (ContainerLog log = ContainerLog.append(file)) {
      log.stdout().write("out1\n".getBytes(StandardCharsets.UTF_8));
      log.stderr().write("err1\n".getBytes(StandardCharsets.UTF_8));
      log.stdout().write("out2\n".getBytes(StandardCharsets.UTF_8));
    }
    long whole = Files.size(file);
    // half a frame, as a reader may see while the monitor writes
    Files.write(file, new byte[] {2, 0, 0, 0, 0, 0, 0, 9, 'x'}, StandardOpenOption.APPEND);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    assertThat(ContainerLog.copy(file, 0, out, err)).isEqualTo(whole);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err1\n");
    ContainerLog.copy(file, 0, both, both);
    assertThat(both.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nerr1\nout2\n");
    assertThat(ContainerLog.copy(dir.resolve("none"), 0, out, err)).isZero();
  }
}
