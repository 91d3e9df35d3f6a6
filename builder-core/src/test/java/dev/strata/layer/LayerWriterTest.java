package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerWriterTest {
  @TempDir Path tmp;

  private Path tree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("tree"));
    Files.createDirectories(root.resolve("etc/ssl"));
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n");
    Files.writeString(root.resolve("etc/ssl/cert.pem"), "-----BEGIN-----\n");
    Files.writeString(root.resolve("a.b"), "dot");
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a/z"), "z");
    Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    return root;
  }

  @Test
  void entriesComeInTreeOrderSortedByNameWithDirectoriesBeforeTheirContents() throws IOException {
    assertThat(Layers.listing(Layers.tarOf(tree())))
        .containsExactly(
            "d a",
            "- a/z",
            "- a.b",
            "d etc",
            "- etc/hosts",
            "l etc/localtime",
            "d etc/ssl",
            "- etc/ssl/cert.pem");
  }

  @Test
  void headersAreNormalizedWithoutNamesAndWithWholeSecondMtimes() throws IOException {
    Path root = tree();
    Files.setLastModifiedTime(
        root.resolve("etc/hosts"),
        FileTime.from(Instant.ofEpochSecond(1_500_000_000L, 987_654_321)));
    Syscalls.lchown(root.resolve("etc/hosts"), 1000, 2000);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(Layers.tarOf(root)))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getExtraPaxHeaders()).isEmpty();
        assertThat(e.getName()).doesNotStartWith("/").doesNotStartWith("./");
        if (e.getName().equals("etc/hosts")) {
          assertThat(e.getLastModifiedTime().toInstant())
              .isEqualTo(Instant.ofEpochSecond(1_500_000_000L));
          assertThat(e.getLongUserId()).isEqualTo(1000);
          assertThat(e.getLongGroupId()).isEqualTo(2000);
          assertThat(e.getMode()).isEqualTo(0644);
        }
      }
    }
  }

  @Test
  void paxHeadersAppearOnlyForLongOrNonAsciiNamesAndXattrs() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("pax"));
    Files.writeString(root.resolve("short"), "s");
    String longName = "l".repeat(150);
    Files.writeString(root.resolve(longName), "l");
    Files.writeString(root.resolve("café"), "c");
    Path withAttr = Files.writeString(root.resolve("cap"), "x");
    // cap_setuid+cap_net_raw, effective: binary bytes, 0x80 among them, as setcap writes them
    byte[] binary = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Syscalls.lsetxattr(withAttr, "security.capability", binary);
    byte[] tar = Layers.tarOf(root);
    assertThat(countPaxHeaders(tar)).isEqualTo(3);
    List<LayerEntry> entries = Layers.entries(tar);
    assertThat(entries)
        .extracting(LayerEntry::path)
        .containsExactly("café", "cap", longName, "short");
    assertThat(entries.get(1).xattrs().get("security.capability")).isEqualTo(binary);
  }

  private static int countPaxHeaders(byte[] tar) {
    int n = 0;
    for (int off = 0; off + 512 <= tar.length; off += 512) {
      if (tar[off + 156] == 'x'
          && new String(tar, off + 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void sameTreeGivesSameBytesWhateverTheCreationOrder() throws IOException {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Path two = Files.createDirectories(tmp.resolve("two"));
    for (String n : List.of("b", "a", "c", "ab", "B", "é", "0")) {
      Files.writeString(one.resolve(n), n);
    }
    for (String n : List.of("0", "é", "B", "ab", "c", "a", "b")) {
      Files.writeString(two.resolve(n), n);
    }
    FileTime t = FileTime.from(Instant.ofEpochSecond(1_700_000_000L));
    for (Path root : List.of(one, two)) {
      try (var s = Files.list(root)) {
        for (Path p : s.toList()) {
          Files.setLastModifiedTime(p, t);
        }
      }
    }
    assertThat(Layers.tarOf(one)).isEqualTo(Layers.tarOf(two));
  }

  @Test
  void sourceDateEpochClampsLaterMtimesAndKeepsEarlierOnes() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("epoch"));
    Files.setLastModifiedTime(
        Files.writeString(root.resolve("old"), "o"), FileTime.from(Instant.ofEpochSecond(1000)));
    Files.writeString(root.resolve("new"), "n"); // now
    Instant epoch = Instant.ofEpochSecond(1_000_000);
    byte[] first =
        Layers.writeTree(
                root,
                LayerWriter.Options.defaults()
                    .withCompression(Compression.NONE)
                    .withSourceDateEpoch(epoch))
            .bytes();
    assertThat(Layers.entries(first))
        .extracting(e -> e.path() + "@" + e.mtime().getEpochSecond())
        .containsExactly("new@1000000", "old@1000");
    Files.setLastModifiedTime(root.resolve("new"), FileTime.from(Instant.now().plusSeconds(3600)));
    byte[] second =
        Layers.writeTree(
                root,
                LayerWriter.Options.defaults()
                    .withCompression(Compression.NONE)
                    .withSourceDateEpoch(epoch))
            .bytes();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void hardLinksBecomeTarLinksToTheFirstNameInEntryOrder() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("links"));
    Path z = Files.writeString(root.resolve("z"), "same");
    Files.createLink(root.resolve("m"), z);
    Files.createLink(root.resolve("a"), z);
    List<LayerEntry> entries = Layers.entries(Layers.tarOf(root));
    assertThat(entries)
        .extracting(LayerEntry::toString)
        .anySatisfy(s -> assertThat(s).startsWith("- ").endsWith(" a"))
        .anySatisfy(s -> assertThat(s).endsWith(" m link to a"))
        .anySatisfy(s -> assertThat(s).endsWith(" z link to a"));
  }

  @Test
  void devicesAndFifosKeepTheirTypeAndNumbers() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("dev"));
    Syscalls.mknodChar(root.resolve("null"), 0666, 1, 3);
    Syscalls.mknodBlock(root.resolve("sda"), 0660, 8, 0);
    Syscalls.mkfifo(root.resolve("fifo"), 0600);
    Syscalls.lchmod(root.resolve("null"), 0666); // mknod applies the umask
    Syscalls.lchmod(root.resolve("sda"), 0660);
    assertThat(Layers.entries(Layers.tarOf(root)))
        .extracting(LayerEntry::toString)
        .containsExactly(
            "p 0600 0:0 0 " + mtime(root, "fifo") + " fifo",
            "c 0666 0:0 0 " + mtime(root, "null") + " null 1,3",
            "b 0660 0:0 0 " + mtime(root, "sda") + " sda 8,0");
  }

  private static long mtime(Path root, String name) throws IOException {
    return Math.floorDiv(Files.getLastModifiedTime(root.resolve(name)).toMillis(), 1000);
  }

  @Test
  void changeSetGivesParentsWhiteoutsOpaqueMarkersInOrder() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("snap"));
    Files.createDirectories(root.resolve("usr/lib/new"));
    Files.writeString(root.resolve("usr/lib/new/f"), "f");
    Files.writeString(root.resolve("usr/lib/changed"), "c");
    ChangeSet changes =
        ChangeSet.of(
                Change.added("usr/lib/new/f"),
                Change.modified("usr/lib/changed"),
                Change.deleted("usr/lib/gone"),
                Change.deleted("usr/lib/-early"))
            .withOpaque("usr/lib/new");
    assertThat(Layers.listing(Layers.write(root, changes)))
        .containsExactly(
            "d usr",
            "d usr/lib",
            "W usr/lib/-early",
            "W usr/lib/gone",
            "- usr/lib/changed",
            "d usr/lib/new",
            "O usr/lib/new",
            "- usr/lib/new/f");
  }

  @Test
  void deletedDirectoryWithDeletedContentsIsOneWhiteout() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("snap"));
    Files.createDirectories(root.resolve("var"));
    ChangeSet changes =
        ChangeSet.of(
            Change.deleted("var/cache/apt/pkgcache.bin"),
            Change.deleted("var/cache/apt"),
            Change.deleted("var/cache"));
    assertThat(Layers.listing(Layers.write(root, changes))).containsExactly("d var", "W var/cache");
  }

  @Test
  void changeNamingAMissingPathIsRefused() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("snap"));
    assertThatThrownBy(() -> Layers.write(root, ChangeSet.of(Change.added("nope/x"))))
        .isInstanceOf(StrataException.class)
        .hasMessage("the change set names nope, which is not in " + root);
  }

  @Test
  void changeBelowASymlinkIsRefusedInsteadOfReadingOutsideTheSnapshot() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("snap"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
    assertThatThrownBy(() -> Layers.write(root, ChangeSet.of(Change.added("etc/passwd"))))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("etc, which is not a directory");
  }

  @Test
  void fileNamedLikeAWhiteoutCannotBeWritten() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Files.writeString(root.resolve(".wh.sneaky"), "x");
    assertThatThrownBy(() -> Layers.tarOf(root))
        .isInstanceOf(StrataException.class)
        .hasMessage(
            "cannot write .wh.sneaky into a layer: names starting with .wh. are reserved for whiteouts");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void digestsAreThoseOfTheBytesWrittenAndOfTheTarInside(Compression c) throws IOException {
    Layers.Written w = Layers.writeTree(tree(), LayerWriter.Options.defaults().withCompression(c));
    assertThat(w.blob().digest()).isEqualTo(Digest.sha256(w.bytes()));
    assertThat(w.blob().size()).isEqualTo(w.bytes().length);
    assertThat(w.blob().mediaType()).isEqualTo(c.mediaType());
    byte[] tar = c.decompressor(new ByteArrayInputStream(w.bytes())).readAllBytes();
    assertThat(w.blob().diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(tar).isEqualTo(Layers.tarOf(tmp.resolve("tree")));
  }

  @Test
  void gzipOutputIsOneMemberTheJdkReads() throws IOException {
    Layers.Written w = Layers.writeTree(tree(), LayerWriter.Options.defaults());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(w.bytes()))) {
      assertThat(Digest.sha256(in)).isEqualTo(w.blob().diffId());
    }
  }
}
