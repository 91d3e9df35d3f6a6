package dev.strata.solver.copy;

import static dev.strata.solver.copy.CopyFixture.gid;
import static dev.strata.solver.copy.CopyFixture.mode;
import static dev.strata.solver.copy.CopyFixture.mtime;
import static dev.strata.solver.copy.CopyFixture.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ADD's extraction of local archives. */
class AddArchiveTest {
  private static final Instant T = Instant.parse("2020-05-06T07:08:09Z");

  @TempDir Path tmp;
  CopyFixture f;

  @BeforeEach
  void setUp() {
    f = new CopyFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static byte[] sample() {
    return new TarMaker()
        .dir("pkg", 0750)
        .file("pkg/bin/tool", "#!/bin/sh\n", 0755, 1000, 1000)
        .symlink("pkg/current", "bin/tool")
        .hardlink("pkg/tool-again", "pkg/bin/tool")
        .file("top.txt", "top")
        .bytes();
  }

  static Stream<Arguments> compressions() {
    return Stream.of(
        Arguments.of("app.tar", (UnaryOperator<byte[]>) b -> b),
        Arguments.of("app.tar.gz", (UnaryOperator<byte[]>) TarMaker::gzip),
        Arguments.of("app.tar.bz2", (UnaryOperator<byte[]>) TarMaker::bzip2),
        Arguments.of("app.tar.xz", (UnaryOperator<byte[]>) TarMaker::xz),
        Arguments.of("app.tar.zst", (UnaryOperator<byte[]>) TarMaker::zstd));
  }

  @ParameterizedTest
  @MethodSource("compressions")
  void localArchivesAreExtractedWhateverTheirCompression(String name, UnaryOperator<byte[]> c)
      throws Exception {
    Files.write(f.ctx.resolve(name), c.apply(sample()));
    f.run(f.add(name).destination("/opt/"));
    assertThat(f.read("opt/pkg/bin/tool")).isEqualTo("#!/bin/sh\n");
    assertThat(mode(f.out("opt/pkg/bin/tool"))).isEqualTo(0755);
    assertThat(uid(f.out("opt/pkg/bin/tool"))).as("owners come from the archive").isEqualTo(1000);
    assertThat(mode(f.out("opt/pkg"))).isEqualTo(0750);
    assertThat(mtime(f.out("opt/pkg/bin/tool"))).isEqualTo(T);
    assertThat(Files.readSymbolicLink(f.out("opt/pkg/current")).toString()).isEqualTo("bin/tool");
    assertThat(Files.getAttribute(f.out("opt/pkg/tool-again"), "unix:ino"))
        .isEqualTo(Files.getAttribute(f.out("opt/pkg/bin/tool"), "unix:ino"));
    assertThat(f.exists("opt/" + name)).isFalse();
  }

  @Test
  void anArchiveIsExtractedIntoTheDestinationEvenWithoutSlash() throws Exception {
    Files.write(f.ctx.resolve("a.tar"), sample());
    f.run(f.add("a.tar").destination("/x"));
    assertThat(f.read("x/top.txt")).isEqualTo("top");
  }

  @Test
  void archivesAreRecognisedByContentNotName() throws Exception {
    Files.write(f.ctx.resolve("looks-like-text.txt"), TarMaker.gzip(sample()));
    Files.writeString(f.ctx.resolve("fake.tar.gz"), "not an archive at all");
    Files.write(f.ctx.resolve("just.gz"), TarMaker.gzip("plain text".getBytes()));
    f.run(f.add("looks-like-text.txt", "fake.tar.gz", "just.gz").destination("/d/"));
    assertThat(f.read("d/top.txt")).isEqualTo("top");
    assertThat(f.read("d/fake.tar.gz")).isEqualTo("not an archive at all");
    assertThat(Files.size(f.out("d/just.gz"))).as("a gzip that is no tar is copied").isPositive();
  }

  @Test
  void copyNeverExtracts() throws Exception {
    Files.write(f.ctx.resolve("a.tar"), sample());
    f.run(f.copy("a.tar").destination("/d/"));
    assertThat(Files.isRegularFile(f.out("d/a.tar"))).isTrue();
  }

  @Test
  void unpackFalseCopiesTheArchive() throws Exception {
    Files.write(f.ctx.resolve("a.tar.gz"), TarMaker.gzip(sample()));
    f.run(f.add("a.tar.gz").unpack(false).destination("/d/"));
    assertThat(Files.isRegularFile(f.out("d/a.tar.gz"))).isTrue();
  }

  @Test
  void archivesMatchedByAWildcardOrInsideADirectoryAreTreatedAlike() throws Exception {
    Files.write(f.ctx.resolve("one.tar"), new TarMaker().file("from-one", "1").bytes());
    Files.write(f.ctx.resolve("two.tar"), new TarMaker().file("from-two", "2").bytes());
    Files.write(f.ctx.resolve("dir-with.tar"), new byte[0]);
    f.dir("sub");
    Files.write(f.ctx.resolve("sub/inner.tar"), new TarMaker().file("x", "x").bytes());
    f.run(f.add("*.tar").destination("/w/"));
    assertThat(f.read("w/from-one")).isEqualTo("1");
    assertThat(f.read("w/from-two")).isEqualTo("2");
    assertThat(Files.size(f.out("w/dir-with.tar"))).as("an empty file is no archive").isZero();
    f.run(f.add("sub").destination("/s/"));
    assertThat(Files.isRegularFile(f.out("s/inner.tar"))).as("only top-level sources").isTrue();
  }

  @Test
  void chownOwnsEveryExtractedEntryAndTheCreatedDirectory() throws Exception {
    Files.write(f.ctx.resolve("a.tar"), sample());
    f.run(f.add("a.tar").destination("/new/").chown("7:8"));
    for (String p : new String[] {"new", "new/pkg", "new/pkg/bin/tool", "new/pkg/current"}) {
      assertThat(uid(f.out(p))).as(p).isEqualTo(7);
      assertThat(gid(f.out(p))).as(p).isEqualTo(8);
    }
  }

  @Test
  void whiteoutNamedEntriesAreOrdinaryFilesNotDeletions() throws Exception {
    f.rootFile("d/victim", "must stay");
    f.rootFile("d/sub/also", "must stay");
    byte[] tar =
        new TarMaker()
            .file(".wh.victim", "")
            .file("sub/.wh..wh..opq", "")
            .file(".wh.note", "kept as a file", 0600, 0, 0)
            .bytes();
    Files.write(f.ctx.resolve("w.tar"), tar);
    f.run(f.add("w.tar").destination("/d/"));
    assertThat(f.read("d/victim")).isEqualTo("must stay");
    assertThat(f.read("d/sub/also")).isEqualTo("must stay");
    assertThat(f.read("d/.wh.note")).isEqualTo("kept as a file");
    assertThat(mode(f.out("d/.wh.note"))).isEqualTo(0600);
    assertThat(f.exists("d/.wh.victim")).isTrue();
    assertThat(f.exists("d/sub/.wh..wh..opq")).isTrue();
  }

  @Test
  void existingFilesAreReplacedAndDirectoriesMerged() throws Exception {
    f.rootFile("d/top.txt", "old");
    f.rootFile("d/pkg/other", "o");
    Files.write(f.ctx.resolve("a.tar"), sample());
    f.run(f.add("a.tar").destination("/d"));
    assertThat(f.read("d/top.txt")).isEqualTo("top");
    assertThat(f.read("d/pkg/other")).isEqualTo("o");
  }

  @Test
  void aCorruptArchiveAfterAValidHeaderFailsNamingIt() throws Exception {
    byte[] noise = new byte[200_000];
    new java.util.Random(1).nextBytes(noise);
    byte[] tar =
        new TarMaker()
            .file("first", "ok")
            .file("big", new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1))
            .bytes();
    byte[] gz = TarMaker.gzip(tar);
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    Files.write(f.ctx.resolve("broken.tar.gz"), cut);
    assertThatThrownBy(() -> f.run(f.add("broken.tar.gz").destination("/d/")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("broken.tar.gz");
  }

  @Test
  void anArchiveEntryClimbingOutIsRefused() throws Exception {
    Files.write(f.ctx.resolve("evil.tar"), new TarMaker().file("../../escape", "e").bytes());
    assertThatThrownBy(() -> f.run(f.add("evil.tar").destination("/d/")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("evil.tar");
    assertThat(Files.exists(tmp.resolve("escape"))).isFalse();
  }
}
