package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountStubsTest {
  @TempDir Path rootfs;

  static final FileTime OLD = FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z"));

  @BeforeEach
  void oldTimes() throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.setLastModifiedTime(rootfs.resolve("etc"), OLD);
    Files.setLastModifiedTime(rootfs, OLD);
  }

  @Test
  void createsWhatIsMissingAndRemovesItRestoringTimes() throws Exception {
    Map<String, String> before = RootfsSnapshot.of(rootfs);
    MountStubs stubs =
        MountStubs.create(
            rootfs,
            List.of(
                new MountStubs.Request("/etc/hosts", false),
                new MountStubs.Request("/mnt/a/b", true),
                new MountStubs.Request("/etc", true)));
    assertThat(rootfs.resolve("etc/hosts")).isRegularFile().isEmptyFile();
    assertThat(rootfs.resolve("mnt/a/b")).isDirectory();
    assertThat(stubs.created())
        .containsExactly(
            rootfs.resolve("etc/hosts"),
            rootfs.resolve("mnt"),
            rootfs.resolve("mnt/a"),
            rootfs.resolve("mnt/a/b"));
    stubs.remove();
    assertThat(RootfsSnapshot.of(rootfs)).isEqualTo(before);
  }

  @Test
  void whatTheProcessWroteStaysAndSoDoesItsTimestamp() throws Exception {
    MountStubs stubs =
        MountStubs.create(
            rootfs,
            List.of(
                new MountStubs.Request("/etc/hosts", false),
                new MountStubs.Request("/mnt/a", true)));
    Files.writeString(rootfs.resolve("mnt/written"), "x");
    Files.writeString(rootfs.resolve("etc/new"), "y");
    stubs.remove();
    assertThat(rootfs.resolve("mnt/a")).doesNotExist();
    assertThat(rootfs.resolve("mnt/written")).hasContent("x");
    assertThat(rootfs.resolve("etc/hosts")).doesNotExist();
    assertThat(Files.getLastModifiedTime(rootfs.resolve("etc"))).isNotEqualTo(OLD);
    assertThat(Files.getLastModifiedTime(rootfs)).isNotEqualTo(OLD);
  }

  @Test
  void refusesToMountADirectoryOverAFileAndCleansUp() throws Exception {
    Files.writeString(rootfs.resolve("etc/file"), "x");
    assertThatThrownBy(
            () ->
                MountStubs.create(
                    rootfs,
                    List.of(
                        new MountStubs.Request("/mnt", true),
                        new MountStubs.Request("/etc/file/sub", true))))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("/etc/file in the rootfs is not a directory");
    assertThat(rootfs.resolve("mnt")).doesNotExist();
    assertThatThrownBy(
            () -> MountStubs.create(rootfs, List.of(new MountStubs.Request("/etc", false))))
        .hasMessageContaining("it is a directory");
  }
}
