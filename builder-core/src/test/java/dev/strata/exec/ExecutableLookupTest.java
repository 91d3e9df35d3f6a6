package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableLookupTest {
  @TempDir Path rootfs;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.createDirectories(rootfs.resolve("usr/bin"));
    Files.createDirectories(rootfs.resolve("work"));
    Files.writeString(rootfs.resolve("bin/tool"), "x");
    Files.setPosixFilePermissions(
        rootfs.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(rootfs.resolve("usr/bin/data"), "x");
    Files.writeString(rootfs.resolve("work/run.sh"), "x");
    Files.setPosixFilePermissions(
        rootfs.resolve("work/run.sh"), PosixFilePermissions.fromString("r-x------"));
    Files.createSymbolicLink(rootfs.resolve("usr/bin/alias"), Path.of("/bin/tool"));
    Files.createSymbolicLink(rootfs.resolve("usr/bin/host"), Path.of("/usr/bin/env"));
  }

  Optional<ExecStartException.Reason> check(String path, String... args) throws Exception {
    ProcessSpec.Builder b = ProcessSpec.builder(List.of(args)).cwd("/work");
    if (path != null) {
      b.env(List.of("PATH=" + path));
    }
    return ExecutableLookup.check(RootfsPath.of(rootfs), b.build()).map(ExecStartException::reason);
  }

  @Test
  void searchesPathAndFollowsSymlinksInsideTheRoot() throws Exception {
    assertThat(check("/usr/bin:/bin", "tool")).isEmpty();
    assertThat(check("/usr/bin", "alias")).isEmpty();
    assertThat(check("/usr/bin:/bin", "host"))
        .as("a link to the host's /usr/bin/env is looked up in the rootfs")
        .contains(ExecStartException.Reason.NOT_FOUND);
    assertThat(check("/usr/bin", "data")).contains(ExecStartException.Reason.NOT_FOUND);
    assertThat(check(null, "tool")).contains(ExecStartException.Reason.NOT_FOUND);
    assertThat(check("", "run.sh")).as("an empty PATH entry is the cwd").isEmpty();
  }

  @Test
  void pathsWithASlashAreTakenAsTheyAre() throws Exception {
    assertThat(check(null, "/bin/tool")).isEmpty();
    assertThat(check(null, "./run.sh")).isEmpty();
    assertThat(check(null, "/usr/bin/data")).contains(ExecStartException.Reason.NOT_EXECUTABLE);
    assertThat(check(null, "/bin")).contains(ExecStartException.Reason.NOT_EXECUTABLE);
    assertThat(check(null, "/nope")).contains(ExecStartException.Reason.NOT_FOUND);
    assertThat(check(null, "/bin/tool/x")).contains(ExecStartException.Reason.NOT_FOUND);
  }

  @Test
  void whatTheViewCannotSeeIsLeftToTheRuntime() throws Exception {
    RootfsPath.View view = p -> p.startsWith("/proc") ? null : RootfsPath.host(rootfs, p);
    ProcessSpec spec = ProcessSpec.builder(List.of("/proc/self/exe")).build();
    assertThat(ExecutableLookup.check(view, spec)).isEmpty();
  }
}
