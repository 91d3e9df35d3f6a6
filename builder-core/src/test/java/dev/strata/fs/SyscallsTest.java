package dev.strata.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallsTest {
  @TempDir Path dir;

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void mknodCreatesCharAndBlockDevicesWithTheirNumbers() throws Exception {
    Path chr = dir.resolve("null");
    Path blk = dir.resolve("loop");
    Syscalls.mknodChar(chr, 0666, 1, 3);
    Syscalls.mknodBlock(blk, 0660, 7, 300);
    assertThat(mode(chr) & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFCHR);
    assertThat(mode(blk) & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFBLK);
    long rdev = (Long) Files.getAttribute(blk, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat(Syscalls.major(rdev)).isEqualTo(7);
    assertThat(Syscalls.minor(rdev)).isEqualTo(300);
  }

  @Test
  void makedevRoundTripsLargeNumbers() {
    long dev = Syscalls.makedev(Syscalls.MAX_MAJOR, Syscalls.MAX_MINOR);
    assertThat(Syscalls.major(dev)).isEqualTo(Syscalls.MAX_MAJOR);
    assertThat(Syscalls.minor(dev)).isEqualTo(Syscalls.MAX_MINOR);
    assertThat(Syscalls.makedev(8, 1)).isEqualTo(0x801);
  }

  @Test
  void mkfifoCreatesAFifo() throws Exception {
    Path fifo = dir.resolve("pipe");
    Syscalls.mkfifo(fifo, 0640);
    assertThat(mode(fifo) & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFIFO);
  }

  @Test
  void xattrsInEveryNamespaceAreSetListedReadAndRemoved() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    byte[] binary = {0, 1, (byte) 0x80, (byte) 0xff, 0x20};
    Syscalls.lsetxattr(f, "user.note", "hello".getBytes(StandardCharsets.UTF_8));
    Syscalls.lsetxattr(f, "trusted.bin", binary);
    Syscalls.lsetxattr(f, "security.capability", capability());
    assertThat(Syscalls.llistxattr(f)).contains("user.note", "trusted.bin", "security.capability");
    assertThat(Syscalls.lgetxattr(f, "trusted.bin")).isEqualTo(binary);
    assertThat(Syscalls.lgetxattr(f, "user.missing")).isNull();
    Syscalls.lremovexattr(f, "trusted.bin");
    assertThat(Syscalls.llistxattr(f)).doesNotContain("trusted.bin");
  }

  /** A VFS_CAP_REVISION_2 value granting cap_net_raw, as setcap writes it. */
  static byte[] capability() {
    byte[] v = new byte[20];
    v[0] = 0;
    v[1] = 0;
    v[2] = 0;
    v[3] = 2; // magic 0x02000000 little-endian
    v[5] = 0x20; // permitted bit 13 (cap_net_raw)
    return v;
  }

  @Test
  void xattrCallsActOnTheSymlinkNotItsTarget() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "t");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    Syscalls.lsetxattr(link, "trusted.onlink", new byte[] {1});
    assertThat(Syscalls.lgetxattr(link, "trusted.onlink")).containsExactly(1);
    assertThat(Syscalls.lgetxattr(target, "trusted.onlink")).isNull();
  }

  @Test
  void lchownChangesTheLinkAndLeavesTheTarget() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "t");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    Syscalls.lchown(link, 1234, 5678);
    assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
    assertThat(Files.getAttribute(link, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(5678);
    assertThat(Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
  }

  @Test
  void lchmodSetsSetuidSetgidAndSticky() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Syscalls.lchmod(f, 07755);
    assertThat(mode(f) & 07777).isEqualTo(07755);
  }

  @Test
  void lchmodRefusesASymlinkInsteadOfChangingItsTarget() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "t");
    Syscalls.lchmod(target, 0600);
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> Syscalls.lchmod(link, 0777))
        .isInstanceOf(ErrnoException.class)
        .hasMessageContaining("chmod " + link)
        .hasMessageContaining("errno 95");
    assertThat(mode(target) & 07777).isEqualTo(0600);
  }

  @Test
  void lutimensSetsNanosecondsOnTheLinkOnly() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "t");
    Instant before = Files.getLastModifiedTime(target).toInstant();
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    Instant t = Instant.ofEpochSecond(1_000_000_000L, 123_456_789);
    Syscalls.lutimens(link, t, t);
    assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(FileTime.from(t));
    assertThat(Files.getLastModifiedTime(target).toInstant()).isEqualTo(before);
  }

  @Test
  void symlinkAndReadlinkKeepTheTargetByteForByte() throws Exception {
    Path link = dir.resolve("l");
    Syscalls.symlink("a//b/../c/", link);
    assertThat(Syscalls.readlink(link)).isEqualTo("a//b/../c/");
  }

  @Test
  void failuresNameTheCallThePathAndTheErrnoText() {
    Path missing = dir.resolve("missing/x");
    assertThatThrownBy(() -> Syscalls.mkfifo(missing, 0644))
        .isInstanceOf(ErrnoException.class)
        .hasMessage("mknod " + missing + ": No such file or directory (errno 2)")
        .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOENT));
  }

  @Test
  void mountAndUmountATmpfs() throws Exception {
    Path mnt = Files.createDirectory(dir.resolve("mnt"));
    Syscalls.mount("strata-test", mnt, "tmpfs", Syscalls.MS_NOSUID, "size=1m");
    try {
      Files.writeString(mnt.resolve("inside"), "x");
      assertThat(Files.readString(java.nio.file.Path.of("/proc/self/mounts")))
          .contains(mnt.toString());
    } finally {
      Syscalls.umount(mnt, 0);
    }
    assertThat(mnt.resolve("inside")).doesNotExist();
  }

  @Test
  void getuidAgreesWithTheOwnerOfTheProcess() throws Exception {
    Object owner = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    assertThat(Syscalls.getuid()).isEqualTo(owner);
    assertThat(Syscalls.isRoot()).isEqualTo(Syscalls.geteuid() == 0);
  }
}
