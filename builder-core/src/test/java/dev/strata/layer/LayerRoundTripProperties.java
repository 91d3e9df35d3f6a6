package dev.strata.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** write -> apply -> write gives the same bytes, for generated trees of every kind of entry. */
class LayerRoundTripProperties {
  private static final String[] NAMES = {
    "a",
    "b",
    "file.txt",
    "with space",
    "dash-name",
    "UPPER",
    "ünïcödé",
    "日本語",
    "emoji🎉",
    "x".repeat(120),
    "long-" + "segment".repeat(30),
    ".hidden",
    "0",
    "z"
  };
  private static final String[] TARGETS = {
    "/etc/passwd", "../x", "a/b/c", "../../..", "/", "ünïcödé", "t/".repeat(70) + "end", "dir/", "."
  };
  private static final int[] FILE_MODES = {
    0644, 0755, 04755, 02755, 06711, 0600, 0400, 0777, 01644
  };
  private static final int[] DIR_MODES = {0755, 0700, 01777, 02775, 0555};
  private static final long[] IDS = {0, 1000, 65534, 100000, 2_000_000, 3_000_000};

  @Property(tries = 60)
  void writeApplyWriteGivesIdenticalBytes(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int entries) throws IOException {
    Path base = Files.createTempDirectory("roundtrip");
    try {
      Path source = Files.createDirectory(base.resolve("source"));
      int made = generate(source, new Random(seed), entries);
      byte[] first = Layers.tarOf(source);
      assertThat(Layers.entries(first)).hasSize(made);

      Path copy = Files.createDirectory(base.resolve("copy"));
      Layers.apply(first, copy);
      byte[] second = Layers.tarOf(copy);
      assertThat(Layers.entries(second))
          .extracting(LayerEntry::toString)
          .containsExactlyElementsOf(
              Layers.entries(first).stream().map(LayerEntry::toString).toList());
      assertThat(second).isEqualTo(first);
    } finally {
      delete(base);
    }
  }

  /** Builds a random tree under root; returns how many entries a layer of it has. */
  static int generate(Path root, Random r, int count) throws IOException {
    List<Path> dirs = new ArrayList<>(List.of(root));
    List<Path> files = new ArrayList<>();
    Set<Path> used = new HashSet<>();
    int made = 0;
    for (int i = 0; i < count; i++) {
      Path parent = dirs.get(r.nextInt(dirs.size()));
      Path p = parent.resolve(NAMES[r.nextInt(NAMES.length)]);
      if (!used.add(p)) {
        continue;
      }
      int kind = r.nextInt(10);
      if (kind <= 1) {
        Files.createDirectory(p);
        Syscalls.lchmod(p, DIR_MODES[r.nextInt(DIR_MODES.length)]);
        dirs.add(p);
      } else if (kind <= 5) {
        byte[] content = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(20_000)];
        r.nextBytes(content);
        Files.write(p, content);
        files.add(p);
        Syscalls.lchown(p, (int) IDS[r.nextInt(IDS.length)], (int) IDS[r.nextInt(IDS.length)]);
        Syscalls.lchmod(p, FILE_MODES[r.nextInt(FILE_MODES.length)]);
      } else if (kind == 6) {
        Syscalls.symlink(TARGETS[r.nextInt(TARGETS.length)], p);
      } else if (kind == 7 && !files.isEmpty()) {
        Files.createLink(p, files.get(r.nextInt(files.size())));
      } else if (kind == 8) {
        Syscalls.mkfifo(p, 0600);
        Syscalls.lchmod(p, 0640);
      } else {
        Syscalls.mknodChar(p, 0600, r.nextInt(300), r.nextInt(70000));
        Syscalls.lchmod(p, 0666);
      }
      if (r.nextInt(4) == 0) {
        byte[] value = new byte[r.nextInt(40)];
        r.nextBytes(value);
        Syscalls.lsetxattr(p, "trusted.bin" + r.nextInt(3), value);
      }
      boolean plain =
          Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (r.nextInt(5) == 0 && plain) { // the kernel keeps user.* to files and directories
        Syscalls.lsetxattr(p, "user.note", ("note " + i).getBytes(StandardCharsets.UTF_8));
      }
      Instant t = Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
      Syscalls.lutimens(p, t, t);
      made++;
    }
    // Children changed their directories' mtimes: set those last, deepest first.
    for (int i = dirs.size() - 1; i > 0; i--) {
      Instant t = Instant.ofEpochSecond(r.nextInt(2_000_000_000));
      Syscalls.lutimens(dirs.get(i), t, t);
    }
    return made;
  }

  static void delete(Path base) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
