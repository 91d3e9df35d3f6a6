package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
  @TempDir Path rootfs;

  UserResolver users;

  @BeforeEach
  void writeFiles() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(
        rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\n"
            + "# a comment\n"
            + "\n"
            + "broken:x:abc:0::/:/bin/sh\n"
            + "app:x:1000:1000:app:/home/app:/bin/sh\n"
            + "nohome:x:1002:1002\n");
    Files.writeString(
        rootfs.resolve("etc/group"),
        "root:x:0:root\n"
            + "wheel:x:10:app, other\n"
            + "staff:x:50:app\n"
            + "app:x:1000:\n"
            + "dup:x:50:app\n");
    users = new UserResolver(rootfs);
  }

  @Test
  void nameGetsPasswdIdsHomeAndTheGroupsListingIt() {
    ResolvedUser u = users.resolve("app");
    assertThat(u.user()).isEqualTo(new ProcessUser(1000, 1000, List.of(10L, 50L)));
    assertThat(u.name()).contains("app");
    assertThat(u.home()).isEqualTo("/home/app");
  }

  @Test
  void numericUidInPasswdIsTheSameAsItsName() {
    assertThat(users.resolve("1000").user()).isEqualTo(users.resolve("app").user());
  }

  @Test
  void numericUidNotInPasswdRunsWithGidZeroAndHomeSlash() {
    ResolvedUser u = users.resolve("1234");
    assertThat(u.user()).isEqualTo(new ProcessUser(1234, 0, List.of()));
    assertThat(u.name()).isEmpty();
    assertThat(u.home()).isEqualTo("/");
  }

  @Test
  void explicitGroupSetsTheGidAndDropsSupplementaryGroups() {
    assertThat(users.resolve("app:staff").user()).isEqualTo(new ProcessUser(1000, 50, List.of()));
    assertThat(users.resolve("app:0").user()).isEqualTo(new ProcessUser(1000, 0, List.of()));
    assertThat(users.resolve("1234:4321").user()).isEqualTo(new ProcessUser(1234, 4321, List.of()));
  }

  @Test
  void emptyUserIsRoot() {
    assertThat(users.resolve("").user()).isEqualTo(new ProcessUser(0, 0, List.of(0L)));
    assertThat(users.resolve("").home()).isEqualTo("/root");
  }

  @Test
  void unknownNamesFailLikeDocker() {
    assertThatThrownBy(() -> users.resolve("nobody"))
        .isInstanceOf(StrataException.class)
        .hasMessage("unable to find user nobody: no matching entries in passwd file");
    assertThatThrownBy(() -> users.resolve("app:nogroup"))
        .isInstanceOf(StrataException.class)
        .hasMessage("unable to find group nogroup: no matching entries in group file");
  }

  @Test
  void malformedEntriesAreSkippedNotReadAsRoot() {
    assertThatThrownBy(() -> users.resolve("broken"))
        .hasMessageContaining("no matching entries in passwd file");
    assertThat(users.resolve("nohome").home()).isEqualTo("/");
  }

  @Test
  void idsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> users.resolve("2147483648"))
        .isInstanceOf(StrataException.class)
        .hasMessage("uids and gids must be in range 0-2147483647");
    assertThatThrownBy(() -> users.resolve("1:99999999999999999999"))
        .isInstanceOf(StrataException.class);
  }

  @Test
  void withoutPasswdOnlyNumericUsersResolve() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    assertThat(users.resolve("55:66").user()).isEqualTo(new ProcessUser(55, 66, List.of()));
    assertThatThrownBy(() -> users.resolve("app"))
        .hasMessage("unable to find user app: no matching entries in passwd file");
  }

  @Test
  void symlinkedPasswdIsRefusedNotFollowedToTheHost() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
    assertThatThrownBy(() -> users.resolve("root"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("/etc/passwd is a symbolic link");
  }

  @Test
  void symlinkedEtcDirectoryIsRefused() throws IOException {
    Path real = Files.createDirectories(rootfs.resolve("real"));
    Files.move(rootfs.resolve("etc"), real.resolve("etc"));
    Files.createSymbolicLink(rootfs.resolve("etc"), Path.of("/etc"));
    assertThatThrownBy(() -> users.resolve("root"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("/etc is a symbolic link");
  }

  @Test
  void nonRegularAndOversizedFilesAreRefused() throws Exception {
    Files.delete(rootfs.resolve("etc/group"));
    Process p = new ProcessBuilder("mkfifo", rootfs.resolve("etc/group").toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThatThrownBy(() -> users.resolve("app"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("not a regular file");
    Files.write(rootfs.resolve("etc/passwd"), new byte[(int) UserResolver.MAX_FILE_SIZE + 1]);
    assertThatThrownBy(() -> users.resolve("app"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void rootfsFileReadsOnlyInsideTheRoot() throws IOException {
    assertThat(RootfsFile.read(rootfs, "/etc/nosuch", 100)).isEqualTo(Optional.empty());
    assertThat(RootfsFile.read(rootfs, "/nodir/file", 100)).isEmpty();
    assertThat(new String(RootfsFile.read(rootfs, "/etc/group", 1000).orElseThrow()))
        .startsWith("root:x:0:root");
  }
}
