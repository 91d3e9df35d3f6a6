package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.context.BuildContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * For every generated layout of links, in the rootfs and in the context, a copy neither writes
 * outside the rootfs nor reads outside the context (DESIGN.md invariant 5). Absolute link targets
 * use names that exist nowhere on this machine or point into a sentinel directory, so that a
 * confinement bug shows as a change there rather than harming the host.
 */
class CopyConfinementProperties {
  private static final String[] NAMES = {"qa", "qb", "qc"};
  private static final String SECRET = "SECRET-OUTSIDE-CONTENT";

  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void noLinkLayoutInTheRootfsMakesACopyWriteOutsideIt(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    Path base = Files.createTempDirectory("confine-dest");
    try (CopyFixture f = new CopyFixture(base)) {
      Path sentinel = Files.createDirectories(base.resolve("host"));
      CopyFixture.write(sentinel, "qa/keep", SECRET);
      List<String> targets = linkTargets(sentinel);
      populate(f.rootfs, r, targets, 12);
      f.file("file", "payload");
      f.file("d/sub/f", "nested");
      f.link("d/l", "sub/f");
      String before = snapshot(sentinel);
      List<String> topBefore = list(base);

      String dest = randomPath(r) + (r.nextBoolean() ? "/" : "");
      String workdir = "/" + randomPath(r);
      String source = r.nextBoolean() ? "file" : "d";
      try {
        f.run(
            f.copy(source)
                .destination(dest)
                .workdir(workdir)
                .chown(r.nextBoolean() ? "5:6" : null));
        Statistics.label("destination").collect("copied");
      } catch (CopyException expected) {
        // refusing is fine; writing outside is not
        Statistics.label("destination").collect("refused");
      }
      assertThat(snapshot(sentinel)).as("seed %d dest %s", seed, dest).isEqualTo(before);
      assertThat(list(base)).isEqualTo(topBefore);
      for (String n : NAMES) {
        assertThat(Files.exists(Path.of("/" + n), LinkOption.NOFOLLOW_LINKS)).isFalse();
      }
    } finally {
      delete(base);
    }
  }

  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void noLinkLayoutInTheContextMakesACopyReadOutsideIt(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    Path base = Files.createTempDirectory("confine-src");
    try (CopyFixture f = new CopyFixture(base)) {
      Path sentinel = Files.createDirectories(base.resolve("host"));
      for (String n : NAMES) {
        CopyFixture.write(sentinel, n + "/" + n, SECRET);
      }
      CopyFixture.write(sentinel, "qa/keep", SECRET);
      populate(f.ctx, r, linkTargets(sentinel), 14);
      String[] sources = {".", "qa", "qb/qc", "q*", "*/q*", "qa/qb/qc", "qc/*"};
      String source = sources[r.nextInt(sources.length)];
      try {
        CopyResult result = f.run(f.copy(source).destination("/out/"));
        Statistics.label("source")
            .collect(result.counts().files() > 0 ? "copied files" : "copied nothing");
      } catch (CopyException expected) {
        // a missing source is fine; content from outside is not
        Statistics.label("source").collect("refused");
      }
      try (Stream<Path> s = Files.walk(f.rootfs)) {
        for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          assertThat(Files.readString(p)).as("seed %d: %s", seed, p).isNotEqualTo(SECRET);
        }
      }
      CopyRequest digestOnly =
          CopyRequest.copy(CopySource.context(BuildContext.open(f.ctx)))
              .sources(source)
              .destination("/x/")
              .build();
      try {
        SourceInputs in = f.copier.inputs(digestOnly);
        assertThat(in.entries())
            .extracting(SourceInputs.Entry::content)
            .doesNotContain(dev.strata.Digest.sha256(SECRET).toString());
      } catch (CopyException expected) {
        // as above
      }
    } finally {
      delete(base);
    }
  }

  private static List<String> linkTargets(Path sentinel) {
    return List.of(
        "/",
        "/qa",
        "/qa/qb",
        "/qb/qc",
        "qa",
        "../qa",
        "../../..",
        "../../../host",
        "../../../../../../../../../qa",
        sentinel.toString(),
        sentinel + "/qa",
        sentinel + "/qa/keep",
        "qc/../../qb",
        "/qa/../..",
        "qa/qb/../../qc");
  }

  /** Random directories, files and links named from {@link #NAMES}, up to three deep. */
  private static void populate(Path root, Random r, List<String> targets, int count) {
    for (int i = 0; i < count; i++) {
      Path p = root.resolve(randomPath(r));
      try {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
            || !Files.isDirectory(p.getParent(), LinkOption.NOFOLLOW_LINKS)) {
          if (!Files.exists(p.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            mkdirs(root, p.getParent());
          }
          if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
              || !Files.isDirectory(p.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
        }
        switch (r.nextInt(3)) {
          case 0 -> Files.createDirectory(p);
          case 1 -> Files.writeString(p, "inside " + i);
          default -> Files.createSymbolicLink(p, Path.of(targets.get(r.nextInt(targets.size()))));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Makes the missing directories from root down to dir, stopping at anything that is not one. */
  private static void mkdirs(Path root, Path dir) throws IOException {
    Path cur = root;
    for (Path part : root.relativize(dir)) {
      cur = cur.resolve(part.toString());
      if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(cur);
      } else if (!Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
    }
  }

  private static String randomPath(Random r) {
    int depth = 1 + r.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(NAMES[r.nextInt(NAMES.length)]);
    }
    return b.toString();
  }

  private static String snapshot(Path dir) {
    return TreeSnapshot.of(dir).entries().toString();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void delete(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
