package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.context.BuildContext;
import dev.strata.context.ContextEntry;
import dev.strata.context.ContextHasher;
import dev.strata.context.EntryType;
import dev.strata.context.HashResult;
import dev.strata.context.TreeDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSetTest {
  @TempDir Path context;

  @Test
  void entriesAreKeptInContextPathOrder() {
    FileSet s =
        FileSet.of(
            List.of(
                FileEntry.directory("a-c", 0755),
                FileEntry.file("a/b", 0644, Digest.sha256("x")),
                FileEntry.directory("a", 0755)),
            false);
    assertThat(s.entries()).extracting(FileEntry::path).containsExactly("a", "a/b", "a-c");
    assertThat(s.byPath().keySet()).containsExactly("a", "a/b", "a-c");
  }

  @Test
  void aPathSelectedTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                FileSet.of(
                    List.of(FileEntry.directory("a", 0755), FileEntry.directory("a", 0700)), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ownersArePresentExactlyWhenTheyCount() {
    FileEntry plain = FileEntry.directory("a", 0755);
    assertThatThrownBy(() -> FileSet.of(List.of(plain), true)).hasMessageContaining("owner");
    assertThatThrownBy(() -> FileSet.of(List.of(plain.withOwner(1, 1)), false))
        .hasMessageContaining("owner");
  }

  @Test
  void entriesCarryContentForFilesAndTargetsForLinksOnly() {
    assertThatThrownBy(
            () ->
                new FileEntry(
                    "d",
                    EntryType.DIR,
                    0755,
                    Optional.empty(),
                    Optional.of(Digest.sha256("x")),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new FileEntry(
                    "f",
                    EntryType.FILE,
                    0644,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileEntry.file("f", 0100644, Digest.sha256("x")))
        .hasMessageContaining("permission bits");
  }

  /** The digest is the context package's TreeDigest of the same selection, from a real walk. */
  @Test
  void digestIsTheContextsTreeDigestOfARealSelection() throws Exception {
    Files.createDirectories(context.resolve("src/sub"));
    Files.writeString(context.resolve("src/a.txt"), "alpha");
    Files.writeString(context.resolve("src/sub/b.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        context.resolve("src/sub/b.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(context.resolve("src/link"), Path.of("a.txt"));
    BuildContext ctx = BuildContext.open(context);
    List<ContextEntry> entries = new ArrayList<>();
    ctx.walk("src", entries::add);
    HashResult hashes = new ContextHasher(context, null).hash(ctx, "src");
    for (boolean owners : new boolean[] {false, true}) {
      FileSet set = FileSet.ofContext(entries, hashes.digests(), owners);
      assertThat(set.digest()).isEqualTo(TreeDigest.of(entries, hashes, owners));
      assertThat(set.entries()).hasSize(entries.size());
      assertThat(set.byPath().get("src/link").linkTarget()).contains("a.txt");
      assertThat(set.byPath().get("src/sub/b.sh").mode()).isEqualTo(0755);
      assertThat(set.byPath().get("src/a.txt").content()).contains(Digest.sha256("alpha"));
      assertThat(set.byPath().get("src/a.txt").owner().isPresent()).isEqualTo(owners);
    }
  }

  @Test
  void aFileWithoutAContentDigestIsRefused() {
    ContextEntry e = new ContextEntry("f", EntryType.FILE, 0644, 0, 0, 1, Instant.EPOCH, null);
    assertThatThrownBy(() -> FileSet.ofContext(List.of(e), Map.of(), false))
        .hasMessageContaining("no content digest for file f");
  }

  @Provide
  Arbitrary<FileSet> sets() {
    return CacheArbitraries.fileSet();
  }

  /** Equal sets have equal digests and different sets different ones (owners only when counted). */
  @Property(tries = 1000)
  void digestIdentifiesTheSelection(@ForAll("sets") FileSet a, @ForAll("sets") FileSet b) {
    boolean same = a.entries().equals(b.entries()) && a.withOwners() == b.withOwners();
    assertThat(a.digest().equals(b.digest())).isEqualTo(same);
    assertThat(a.equals(b)).isEqualTo(same);
  }
}
