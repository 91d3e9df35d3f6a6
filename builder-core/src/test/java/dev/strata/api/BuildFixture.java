package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A store with the registry-free busybox base image built in it, and helpers to build Dockerfiles
 * and contexts into it through the public API, as a user would.
 */
final class BuildFixture implements AutoCloseable {
  static final Path TESTDATA = Path.of("../testdata").toAbsolutePath().normalize();
  static final String BASE = "strata/busybox:latest";
  static final java.time.Instant BASE_EPOCH = java.time.Instant.ofEpochSecond(1_600_000_000);

  final Path root;
  final Path work;
  final Builder builder;

  /** Events of the last build. */
  final List<BuildEvent> events = new ArrayList<>();

  BuildFixture(Path dir) throws IOException, InterruptedException {
    this.root = dir.resolve("store");
    this.work = dir.resolve("work");
    Files.createDirectories(work);
    this.builder = Builder.open(root);
    Path base = copyTree(TESTDATA.resolve("base/busybox"), work.resolve("base"));
    Files.copy(
        Path.of("/bin/busybox"),
        base.resolve("busybox"),
        StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    // A fixed creation time makes the base the same image in every fixture's store, as a base
    // pulled from one registry would be: builds in two stores can then share cache.
    build(request(base, BASE).withSourceDateEpoch(BASE_EPOCH));
  }

  BuildRequest request(Path context, String... tags) {
    return BuildRequest.of(PlanRequest.of(context), tags);
  }

  BuildReport build(BuildRequest request) throws InterruptedException {
    events.clear();
    return builder.build(request, events::add);
  }

  BuildReport build(Path context, String... tags) throws InterruptedException {
    return build(request(context, tags));
  }

  /** A context directory named {@code name} with a Dockerfile and the given files. */
  Path context(String name, String dockerfile, Map<String, String> files) throws IOException {
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return dir;
  }

  /** A copy of a sample under testdata, so tests can change it. */
  Path sample(String path) throws IOException {
    return copyTree(TESTDATA.resolve(path), work.resolve(path.replace('/', '-')));
  }

  static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  static List<Boolean> cached(BuildReport report) {
    return report.steps().stream().map(BuildReport.Step::cached).toList();
  }

  /** Every regular file under the store's blobs/, to see what a build added. */
  Set<String> blobs() throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve("blobs"))) {
      return Set.copyOf(s.filter(Files::isRegularFile).map(Path::toString).toList());
    }
  }

  /** Whether any mount of this process's namespace lies under the store. */
  boolean mountsUnderStore() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .anyMatch(l -> l.contains(root.toString()));
  }

  void assertCheckClean() {
    try (Images images = Images.open(root)) {
      assertThat(images.check(false).findings()).isEmpty();
    }
  }

  Optional<BuildEvent> firstEvent(Class<? extends BuildEvent> type) {
    return events.stream().filter(type::isInstance).findFirst();
  }

  @Override
  public void close() {
    builder.close();
  }
}
