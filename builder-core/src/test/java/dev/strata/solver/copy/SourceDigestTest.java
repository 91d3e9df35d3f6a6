package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.context.BuildContext;
import dev.strata.context.ContextHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache-key digest covers exactly what is copied: path, type, mode, content or link target,
 * owners when kept; never times, never unselected or ignored files.
 */
class SourceDigestTest {
  @TempDir Path tmp;
  CopyFixture f;

  @BeforeEach
  void setUp() {
    f = new CopyFixture(tmp);
    f.file("src/a.py", "a");
    f.file("src/pkg/b.py", "b");
    f.link("src/link", "a.py");
    f.file("other.txt", "o");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Digest digest(UnaryOperator<CopyRequest.Builder> b) {
    return f.copier.sourceDigest(b.apply(f.copy("src").destination("/app/")).build());
  }

  private Digest digest() {
    return digest(b -> b);
  }

  @Test
  void theSameSelectionGivesTheSameDigest() {
    assertThat(digest()).isEqualTo(digest());
  }

  @Test
  void timesDoNotCount() {
    Digest before = digest();
    CopyFixture.setMtime(f.ctx.resolve("src/a.py"), Instant.parse("2001-01-01T00:00:00Z"));
    CopyFixture.setMtime(f.ctx.resolve("src"), Instant.parse("2001-01-01T00:00:00Z"));
    assertThat(digest()).isEqualTo(before);
  }

  @Test
  void contentModeTypeAndLinkTargetsCount() throws Exception {
    Digest d0 = digest();
    Files.writeString(f.ctx.resolve("src/a.py"), "changed");
    Digest d1 = digest();
    assertThat(d1).isNotEqualTo(d0);
    CopyFixture.setMode(f.ctx.resolve("src/pkg/b.py"), 0755);
    Digest d2 = digest();
    assertThat(d2).isNotEqualTo(d1);
    Files.delete(f.ctx.resolve("src/link"));
    f.link("src/link", "pkg/b.py");
    Digest d3 = digest();
    assertThat(d3).isNotEqualTo(d2);
    f.file("src/new", "");
    assertThat(digest()).isNotEqualTo(d3);
  }

  @Test
  void filesOutsideTheSelectionDoNotCount() throws Exception {
    Digest before = digest();
    Files.writeString(f.ctx.resolve("other.txt"), "changed");
    f.file("unrelated/x", "x");
    assertThat(digest()).isEqualTo(before);
  }

  @Test
  void ignoredAndExcludedFilesDoNotCount() throws Exception {
    f.file(".dockerignore", "src/*.log\n");
    f.file("src/debug.log", "1");
    f.file("src/skip.tmp", "1");
    Digest before = digest(b -> b.exclude("*.tmp"));
    Files.writeString(f.ctx.resolve("src/debug.log"), "2");
    Files.writeString(f.ctx.resolve("src/skip.tmp"), "2");
    assertThat(digest(b -> b.exclude("*.tmp"))).isEqualTo(before);
    assertThat(digest()).isNotEqualTo(before);
  }

  @Test
  void contextOwnersNeverCountSinceTheCopyResetsThem() {
    Digest before = digest();
    CopyFixture.setOwner(f.ctx.resolve("src/a.py"), 4321, 4321);
    assertThat(digest()).isEqualTo(before);
  }

  @Test
  void rootfsOwnersCountUnlessChownReplacesThem() throws Exception {
    Path stage = Files.createDirectories(tmp.resolve("stage"));
    CopyFixture.write(stage, "out/bin", "binary");
    UnaryOperator<CopyRequest.Builder> none = b -> b;
    UnaryOperator<CopyRequest.Builder> chown = b -> b.chown("1:1");
    Digest kept = fromStage(stage, none);
    Digest chowned = fromStage(stage, chown);
    CopyFixture.setOwner(stage.resolve("out/bin"), 99, 99);
    assertThat(fromStage(stage, none)).isNotEqualTo(kept);
    assertThat(fromStage(stage, chown)).isEqualTo(chowned);
  }

  private Digest fromStage(Path stage, UnaryOperator<CopyRequest.Builder> b) {
    return f.copier.sourceDigest(
        b.apply(CopyRequest.copy(CopySource.rootfs(stage)).sources("/out").destination("/x/"))
            .build());
  }

  @Test
  void theWayFilesAreSelectedCounts() {
    f.file("x/a.txt", "a");
    Digest flat = f.copier.sourceDigest(f.copy("x/a.txt").destination("/d/").build());
    Digest parents =
        f.copier.sourceDigest(f.copy("x/a.txt").parents(true).destination("/d/").build());
    assertThat(parents).isNotEqualTo(flat);
  }

  @Test
  void heredocContentCounts() {
    Digest a = f.copier.sourceDigest(f.copy().inline("f", "1").destination("/f").build());
    Digest b = f.copier.sourceDigest(f.copy().inline("f", "2").destination("/f").build());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void theStatCacheGivesTheSameDigestAsReadingEveryFile() {
    ContextHasher hasher = new ContextHasher(f.ctx, tmp.resolve("statcache"));
    CopyRequest plain = f.copy("src").destination("/app/").build();
    CopyRequest cached =
        CopyRequest.copy(CopySource.context(BuildContext.open(f.ctx), hasher))
            .sources("src")
            .destination("/app/")
            .build();
    assertThat(f.copier.sourceDigest(cached)).isEqualTo(f.copier.sourceDigest(plain));
    assertThat(f.copier.sourceDigest(cached)).isEqualTo(f.copier.sourceDigest(plain));
  }

  @Test
  void inputsNameEachEntryAsItLands() {
    SourceInputs in = f.copier.inputs(f.copy("src").destination("/app/").build());
    assertThat(in.entries())
        .extracting(SourceInputs.Entry::path, SourceInputs.Entry::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("src/a.py", "file"),
            org.assertj.core.groups.Tuple.tuple("src/link", "symlink"),
            org.assertj.core.groups.Tuple.tuple("src/pkg", "dir"),
            org.assertj.core.groups.Tuple.tuple("src/pkg/b.py", "file"));
    assertThat(in.entries().get(0).content()).isEqualTo(Digest.sha256("a").toString());
    assertThat(in.entries().get(1).content()).isEqualTo("a.py");
  }
}
