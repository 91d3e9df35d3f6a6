package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.exec.ExecStartException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncErrorsTest {
  @Test
  void execErrorsMapToDockersExitCodes() {
    ExecStartException notFound =
        RuncExecutor.startFailure(
            "runc run failed: unable to start container process: exec: \"foo\": executable file"
                + " not found in $PATH");
    assertThat(notFound.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(notFound.exitCode()).isEqualTo(127);
    assertThat(notFound.getMessage())
        .isEqualTo(
            "unable to start container process: exec: \"foo\": executable file not found in $PATH");
    assertThat(
            RuncExecutor.startFailure(
                    "runc run failed: unable to start container process: exec: \"/x\": stat /x: no"
                        + " such file or directory")
                .reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(
            RuncExecutor.startFailure(
                    "runc run failed: unable to start container process: exec: \"/bin/x\":"
                        + " permission denied")
                .exitCode())
        .isEqualTo(126);
    assertThat(
            RuncExecutor.startFailure(
                    "runc run failed: unable to start container process: exec: \"/bin/x\": exec"
                        + " format error")
                .reason())
        .isEqualTo(Reason.NOT_EXECUTABLE);
  }

  @Test
  void otherRuntimeErrorsAre125EvenWhenTheyMentionMissingFiles() {
    ExecStartException e =
        RuncExecutor.startFailure(
            "runc run failed: unable to start container process: error during container init:"
                + " error mounting \"/x\" to rootfs at \"/y\": no such file or directory");
    assertThat(e.reason()).isEqualTo(Reason.RUNTIME_FAILED);
    assertThat(e.exitCode()).isEqualTo(125);
  }

  @Test
  void onlyErrorLevelLogEntriesCount(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("runc.log");
    Files.writeString(
        log,
        "{\"level\":\"warning\",\"msg\":\"some warning\"}\n"
            + "not json\n"
            + "{\"level\":\"error\",\"msg\":\"runc run failed: boom\"}\n");
    assertThat(RuncExecutor.runcErrors(log)).containsExactly("runc run failed: boom");
    assertThat(RuncExecutor.runcErrors(dir.resolve("missing"))).isEmpty();
  }
}
