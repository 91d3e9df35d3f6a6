package dev.strata.solver.copy;

import static dev.strata.solver.copy.CopyFixture.gid;
import static dev.strata.solver.copy.CopyFixture.mode;
import static dev.strata.solver.copy.CopyFixture.mtime;
import static dev.strata.solver.copy.CopyFixture.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.fs.Syscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owners, modes, times and extended attributes of what COPY writes; --chown and --chmod. */
class CopyMetadataTest {
  private static final Instant T1 = Instant.parse("2021-02-03T04:05:06.123456789Z");
  private static final Instant T2 = Instant.parse("2019-01-01T00:00:00Z");

  @TempDir Path tmp;
  CopyFixture f;

  @BeforeEach
  void setUp() {
    f = new CopyFixture(tmp);
    CopyFixture.write(
        f.rootfs,
        "etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
    CopyFixture.write(f.rootfs, "etc/group", "root:x:0:\nstaff:x:50:\napp:x:1001:\n");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void modesAndTimesComeFromTheSourceOwnersBecomeRoot() {
    Path tool = f.file("bin/tool", "#!/bin/sh\n", 04755);
    CopyFixture.setOwner(tool, 1234, 5678);
    CopyFixture.setMode(tool, 04755);
    CopyFixture.setMtime(tool, T1);
    Path bin = f.ctx.resolve("bin");
    CopyFixture.setMode(bin, 0750);
    CopyFixture.setMtime(bin, T2);
    f.run(f.copy(".").destination("/opt/"));
    Path out = f.out("opt/bin/tool");
    assertThat(mode(out)).isEqualTo(04755);
    assertThat(uid(out)).isZero();
    assertThat(gid(out)).isZero();
    assertThat(mtime(out)).isEqualTo(T1);
    assertThat(mode(f.out("opt/bin"))).isEqualTo(0750);
    assertThat(mtime(f.out("opt/bin"))).as("set after the directory's contents").isEqualTo(T2);
  }

  @Test
  void manyFilesCopiedInParallelKeepContentModeAndTimeAndDirectoriesTheirTimes() {
    for (int d = 0; d < 6; d++) {
      for (int i = 0; i < 60; i++) {
        Path p = f.file("tree/d" + d + "/sub/f" + i, "file " + d + "/" + i, 0600 + i % 2 * 0100);
        CopyFixture.setMtime(p, T1.plusSeconds(i));
      }
      CopyFixture.setMtime(f.ctx.resolve("tree/d" + d + "/sub"), T2.plusSeconds(d));
      CopyFixture.setMtime(f.ctx.resolve("tree/d" + d), T2);
    }
    // An existing directory with a file in the way: replaced, not written through.
    f.rootFile("app/d0/sub/f1", "old");
    f.run(f.copy("tree").destination("/app"));
    for (int d = 0; d < 6; d++) {
      for (int i = 0; i < 60; i++) {
        String rel = "app/d" + d + "/sub/f" + i;
        assertThat(f.read(rel)).isEqualTo("file " + d + "/" + i);
        assertThat(mode(f.out(rel))).isEqualTo(0600 + i % 2 * 0100);
        assertThat(mtime(f.out(rel))).isEqualTo(T1.plusSeconds(i));
      }
      assertThat(mtime(f.out("app/d" + d + "/sub"))).isEqualTo(T2.plusSeconds(d));
      assertThat(mtime(f.out("app/d" + d))).isEqualTo(T2);
    }
  }

  @Test
  void aFailingCopyAmongManyIsReportedAndNothingRunsOnAfterIt() {
    for (int i = 0; i < 50; i++) {
      f.file("tree/f" + i, "file " + i);
    }
    // A directory where a copied file must go: docker refuses to replace it.
    f.rootDir("app/f7/keep");
    assertThatThrownBy(() -> f.run(f.copy("tree").destination("/app")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("cannot replace directory /app/f7 with a file");
    assertThat(f.out("app/f7/keep")).isDirectory();
  }

  @Test
  void theDestinationDirectoryOfADirectoryCopyKeeps0755() {
    f.dir("src");
    CopyFixture.setMode(f.ctx.resolve("src"), 0700);
    f.file("src/a", "a");
    f.run(f.copy("src").destination("/scripts"));
    assertThat(mode(f.out("scripts"))).isEqualTo(0755);
  }

  @Test
  void existingDirectoriesBelowTheDestinationTakeTheSourceMetadata() {
    // a name no host has, so that a copy escaping the rootfs could not touch anything real
    String dir = "strata-copy-test-dir";
    f.file("tree/" + dir + "/conf", "c");
    CopyFixture.setMode(f.ctx.resolve("tree/" + dir), 0700);
    CopyFixture.setMtime(f.ctx.resolve("tree/" + dir), T2);
    f.rootFile(dir + "/existing", "e");
    CopyFixture.setMode(f.out(dir), 0755);
    CopyFixture.setMode(f.rootfs, 0711);
    f.run(f.copy("tree").destination("/"));
    assertThat(mode(f.out(dir))).isEqualTo(0700);
    assertThat(mtime(f.out(dir))).isEqualTo(T2);
    assertThat(f.read(dir + "/existing")).isEqualTo("e");
    assertThat(mode(f.rootfs)).as("the destination itself is not changed").isEqualTo(0711);
    assertThat(Files.exists(Path.of("/" + dir))).isFalse();
  }

  @Test
  void symlinksKeepTheirOwnTimeAndAreNeverChmodded() throws Exception {
    f.file("d/target", "t");
    Path link = f.link("d/link", "target");
    Syscalls.lutimens(link, T2, T2);
    f.run(f.copy("d").destination("/o/").chmod("600"));
    assertThat(Syscalls.readlink(f.out("o/link"))).isEqualTo("target");
    assertThat(mtime(f.out("o/link"))).isEqualTo(T2);
    assertThat(mode(f.out("o/target"))).isEqualTo(0600);
  }

  @Test
  void chownWithANameUsesTheDestinationsPasswd() {
    f.file("a", "a");
    f.run(f.copy("a").destination("/x").chown("app"));
    assertThat(uid(f.out("x"))).isEqualTo(1000);
    assertThat(gid(f.out("x"))).isEqualTo(1001);
  }

  @Test
  void chownWithAUserAndGroupName() {
    f.file("a", "a");
    f.run(f.copy("a").destination("/x").chown("app:staff"));
    assertThat(uid(f.out("x"))).isEqualTo(1000);
    assertThat(gid(f.out("x"))).isEqualTo(50);
  }

  @Test
  void chownWithANumberAloneGivesTheSameGroupNumber() {
    f.file("a", "a");
    f.run(f.copy("a").destination("/x").chown("55"));
    assertThat(uid(f.out("x"))).isEqualTo(55);
    assertThat(gid(f.out("x"))).isEqualTo(55);
    f.run(f.copy("a").destination("/y").chown("55:staff"));
    assertThat(gid(f.out("y"))).isEqualTo(50);
    f.run(f.copy("a").destination("/z").chown("10:11"));
    assertThat(uid(f.out("z"))).isEqualTo(10);
    assertThat(gid(f.out("z"))).isEqualTo(11);
  }

  @Test
  void chownAppliesToEverythingCopied() {
    f.file("d/sub/file", "f");
    f.link("d/sub/link", "file");
    f.run(f.copy("d").destination("/o/").chown("1000:1001"));
    for (String p : new String[] {"o", "o/sub", "o/sub/file", "o/sub/link"}) {
      assertThat(uid(f.out(p))).as(p).isEqualTo(1000);
      assertThat(gid(f.out(p))).as(p).isEqualTo(1001);
    }
  }

  @Test
  void chownWithAnUnknownNameFailsBeforeWriting() {
    f.file("a", "a");
    assertThatThrownBy(() -> f.run(f.copy("a").destination("/x").chown("nobody")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("unable to find user nobody");
    assertThatThrownBy(() -> f.run(f.copy("a").destination("/x").chown("app:nogroup")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("unable to find group nogroup");
    assertThat(f.exists("x")).isFalse();
  }

  @Test
  void chownNamesAreReadBeforeTheCopyReplacesPasswd() {
    f.file("etc/passwd", "other:x:7:7::/:/bin/sh\n");
    f.run(f.copy("etc").destination("/etc/").chown("app"));
    assertThat(uid(f.out("etc/passwd"))).isEqualTo(1000);
  }

  @Test
  void chownNamesNeverComeFromAPasswdLinkOutOfTheRootfs() throws Exception {
    Files.delete(f.out("etc/passwd"));
    CopyFixture.write(tmp, "host-passwd", "evil:x:4242:4242::/:/bin/sh\n");
    f.rootLink("etc/passwd", tmp.resolve("host-passwd").toString());
    f.file("a", "a");
    assertThatThrownBy(() -> f.run(f.copy("a").destination("/x").chown("evil")))
        .isInstanceOf(CopyException.class);
  }

  @Test
  void chmodOctalAppliesToFilesAndDirectoriesButNotTheCreatedParents() {
    f.file("d/sub/f", "f", 0600);
    f.run(f.copy("d").destination("/a/b/").chmod("0751"));
    assertThat(mode(f.out("a/b/sub/f"))).isEqualTo(0751);
    assertThat(mode(f.out("a/b/sub"))).isEqualTo(0751);
    assertThat(mode(f.out("a/b"))).isEqualTo(0755);
    assertThat(mode(f.out("a"))).isEqualTo(0755);
  }

  @Test
  void chmodSymbolicWorksOnEachEntrysOwnMode() {
    f.file("s/run.sh", "x", 0700);
    f.file("s/data.txt", "y", 0600);
    f.run(f.copy("s").destination("/o/").chmod("go+rX"));
    assertThat(mode(f.out("o/run.sh"))).isEqualTo(0755);
    assertThat(mode(f.out("o/data.txt"))).isEqualTo(0644);
  }

  @Test
  void anInvalidChmodFailsBeforeWriting() {
    f.file("a", "a");
    assertThatThrownBy(() -> f.run(f.copy("a").destination("/x").chmod("999")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("invalid chmod parameter: '999'");
    assertThat(f.exists("x")).isFalse();
  }

  @Test
  void extendedAttributesAreCopied() throws Exception {
    Path file = f.file("cap/ping", "p");
    try {
      Syscalls.lsetxattr(file, "user.origin", "ctx".getBytes(StandardCharsets.UTF_8));
    } catch (dev.strata.fs.ErrnoException e) {
      // tmpfs without user xattrs: use a trusted one, which root may set anywhere
      Syscalls.lsetxattr(file, "trusted.origin", "ctx".getBytes(StandardCharsets.UTF_8));
    }
    f.run(f.copy("cap").destination("/bin/"));
    byte[] v = Syscalls.lgetxattr(f.out("bin/ping"), "user.origin");
    if (v == null) {
      v = Syscalls.lgetxattr(f.out("bin/ping"), "trusted.origin");
    }
    assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("ctx");
  }

  @Test
  void heredocsAreRootOwned0644UnlessChowned() {
    f.run(f.copy().inline("h", "x").destination("/h"));
    assertThat(uid(f.out("h"))).isZero();
    assertThat(mode(f.out("h"))).isEqualTo(0644);
    f.run(f.copy().inline("h2", "x").destination("/h2").chown("app").chmod("700"));
    assertThat(uid(f.out("h2"))).isEqualTo(1000);
    assertThat(mode(f.out("h2"))).isEqualTo(0700);
  }

  @Test
  void copyingTheSameFilesTwiceGivesTheSameTree() throws Exception {
    f.file("d/a", "1", 0640);
    f.link("d/l", "a");
    CopyFixture.setMtime(f.ctx.resolve("d/a"), T1);
    f.run(f.copy("d").destination("/x/"));
    Map<String, String> first = new TreeMap<>(TreeSnapshot.of(f.out("x")).entries());
    f.run(f.copy("d").destination("/x/"));
    Map<String, String> second = new TreeMap<>(TreeSnapshot.of(f.out("x")).entries());
    // the destination directory itself is not copied metadata: its mtime is the write's
    first.remove("");
    second.remove("");
    assertThat(second).isEqualTo(first);
  }
}
