package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import dev.strata.context.BuildContext;
import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same COPY and ADD instructions through {@code buildah bud} (FROM scratch, vfs storage in a
 * private root, chroot isolation) and through {@link FileCopier}: the rootfs trees must agree in
 * paths, types, modes, owners, contents, link targets, and the times of files and links (directory
 * times are those of the build and differ).
 */
class CopyBuildahIT {
  private static final Instant OLD = Instant.parse("2020-01-02T03:04:05Z");

  @TempDir Path tmp;

  /** One instruction, as Dockerfile text and as a request. */
  private record Step(String line, Function<BuildContext, CopyRequest.Builder> request) {}

  private Path context() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    CopyFixture.write(
        ctx, "passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
    CopyFixture.write(ctx, "group", "root:x:0:\napp:x:1001:\nstaff:x:50:\n");
    CopyFixture.write(ctx, "src/a.py", "print('a')\n");
    CopyFixture.write(ctx, "src/pkg/b.py", "print('b')\n");
    CopyFixture.write(ctx, "src/pkg/run.sh", "#!/bin/sh\n");
    Syscalls.lchmod(ctx.resolve("src/pkg/run.sh"), 0755);
    Syscalls.lchmod(ctx.resolve("src/pkg"), 0750);
    Syscalls.symlink("a.py", ctx.resolve("src/link"));
    Syscalls.symlink("/etc/passwd", ctx.resolve("src/abs-link"));
    CopyFixture.write(ctx, "src/secret.log", "hidden by .dockerignore");
    CopyFixture.write(ctx, ".dockerignore", "src/*.log\n");
    CopyFixture.write(ctx, "docs/one.md", "1");
    CopyFixture.write(ctx, "docs/two.md", "2");
    CopyFixture.write(ctx, "docs/three.txt", "3");
    Syscalls.lchown(ctx.resolve("src/a.py"), 4321, 4321);
    Files.write(
        ctx.resolve("bundle.tar.gz"),
        TarMaker.gzip(
            new TarMaker()
                .dir("bundle", 0750)
                .file("bundle/bin/tool", "tool", 0755, 7, 8)
                .symlink("bundle/current", "bin/tool")
                .bytes()));
    try (var walk = Files.walk(ctx)) {
      for (Path p : walk.toList()) {
        Syscalls.lutimens(p, OLD, OLD);
      }
    }
    return ctx;
  }

  private static List<Step> steps() {
    List<Step> s = new ArrayList<>();
    s.add(
        step(
            "COPY passwd group /etc/",
            c -> copy(c).sources("passwd", "group").destination("/etc/")));
    s.add(step("COPY src /app", c -> copy(c).sources("src").destination("/app")));
    s.add(step("COPY src/a.py /single", c -> copy(c).sources("src/a.py").destination("/single")));
    s.add(
        step(
            "COPY --chown=app src /owned/deep/",
            c -> copy(c).sources("src").destination("/owned/deep/").chown("app")));
    s.add(
        step(
            "COPY --chown=55:staff docs/one.md /ids/",
            c -> copy(c).sources("docs/one.md").destination("/ids/").chown("55:staff")));
    s.add(
        step(
            "COPY --chmod=0640 src/pkg /modes/",
            c -> copy(c).sources("src/pkg").destination("/modes/").chmod("0640")));
    s.add(step("COPY docs/*.md /md/", c -> copy(c).sources("docs/*.md").destination("/md/")));
    s.add(
        step(
            "COPY src/pkg/run.sh docs/ /mixed/",
            c -> copy(c).sources("src/pkg/run.sh", "docs/").destination("/mixed/")));
    s.add(step("WORKDIR /work", null));
    s.add(
        step(
            "COPY src/a.py rel/",
            c -> copy(c).sources("src/a.py").destination("rel/").workdir("/work")));
    s.add(
        step(
            "ADD bundle.tar.gz /opt/",
            c ->
                CopyRequest.add(CopySource.context(c))
                    .sources("bundle.tar.gz")
                    .destination("/opt/")));
    s.add(
        step(
            "COPY bundle.tar.gz /kept/",
            c -> copy(c).sources("bundle.tar.gz").destination("/kept/")));
    return s;
  }

  private static Step step(String line, Function<BuildContext, CopyRequest.Builder> b) {
    return new Step(line, b);
  }

  private static CopyRequest.Builder copy(BuildContext c) {
    return CopyRequest.copy(CopySource.context(c));
  }

  @Test
  void buildahAndStrataWriteTheSameTree() throws Exception {
    Path ctx = context();
    StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
    for (Step s : steps()) {
      dockerfile.append(s.line()).append('\n');
    }
    Files.writeString(tmp.resolve("Dockerfile"), dockerfile.toString());

    Map<String, String> buildah = buildahTree(ctx);

    Path rootfs = Files.createDirectories(tmp.resolve("strata-rootfs"));
    try (FileCopier copier = new FileCopier()) {
      for (Step s : steps()) {
        if (s.request() == null) {
          Files.createDirectories(rootfs.resolve(s.line().substring("WORKDIR /".length())));
          continue;
        }
        copier.copy(s.request().apply(BuildContext.open(ctx)).build(), rootfs);
      }
    }
    Map<String, String> strata = tree(rootfs);
    assertThat(buildah)
        .containsKeys(
            "app/a.py",
            "app/pkg/run.sh",
            "owned/deep/link",
            "md/two.md",
            "mixed/three.txt",
            "work/rel/a.py",
            "opt/bundle/bin/tool",
            "kept/bundle.tar.gz")
        .doesNotContainKeys("app/secret.log", "md/three.txt");
    assertThat(strata).isEqualTo(buildah);
  }

  private Map<String, String> buildahTree(Path ctx) throws Exception {
    Path store = Files.createDirectories(tmp.resolve("store"));
    List<String> base =
        List.of(
            "buildah",
            "--root",
            store.resolve("root").toString(),
            "--runroot",
            store.resolve("run").toString(),
            "--storage-driver",
            "vfs");
    run(
        base,
        "bud",
        "--layers",
        "--isolation",
        "chroot",
        "-t",
        "strata-copy-it",
        "-f",
        tmp.resolve("Dockerfile").toString(),
        ctx.toString());
    String container = run(base, "from", "strata-copy-it").strip();
    String mount = run(base, "mount", container).strip();
    try {
      return tree(Path.of(mount));
    } finally {
      run(base, "umount", container);
      run(base, "rm", container);
      run(base, "rmi", "-f", "strata-copy-it");
    }
  }

  private static String run(List<String> base, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(base);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    assertThat(rc).as("%s:%n%s", String.join(" ", cmd), out).isZero();
    // buildah prints progress lines before the answer; the answer is the last line
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  /** path -> type, mode, owner, content or link target, and mtime for non-directories. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            if (!d.equals(root)) {
              out.put(root.relativize(d).toString(), describe(d, "dir"));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
            String what;
            if (a.isSymbolicLink()) {
              what = "link " + Syscalls.readlink(p);
            } else {
              what = "file " + Digest.sha256(Files.readAllBytes(p));
            }
            out.put(root.relativize(p).toString(), describe(p, what) + " " + CopyFixture.mtime(p));
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  private static String describe(Path p, String what) {
    int mode = (Integer) CopyFixture.attr(p, "unix:mode");
    boolean link = Files.isSymbolicLink(p);
    return what
        + " "
        + (link ? "" : Integer.toOctalString(mode & 07777))
        + " "
        + CopyFixture.uid(p)
        + ":"
        + CopyFixture.gid(p);
  }
}
