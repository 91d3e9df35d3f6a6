package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.registry.RegistryServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strata login, push, pull and logout against the real docker-registry with basic auth. */
class RegistryCommandsIT {
  @TempDir Path tmp;

  Path tarball() throws Exception {
    Path tar = tmp.resolve("rootfs.tar");
    byte[] data = new byte[100_000];
    new Random(5).nextBytes(data);
    try (OutputStream out = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry f = new TarArchiveEntry("blob");
      f.setSize(data.length);
      t.putArchiveEntry(f);
      t.write(data);
      t.closeArchiveEntry();
    }
    return tar;
  }

  static CliRun withStdin(String input, String... args) {
    InputStream in = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return CliRun.of(args);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void loginPushPullLogout() throws Exception {
    try (RegistryServer registry =
        RegistryServer.start(tmp.resolve("registry"), RegistryServer.Variant.BASIC_AUTH)) {
      String root = tmp.resolve("store").toString();
      String config = tmp.resolve("docker").toString();
      String host = registry.host();
      String name = host + "/cli/app:1";
      assertThat(CliRun.of("--root", root, "import", tarball().toString(), "app:1").exitCode())
          .isZero();

      CliRun denied =
          withStdin(
              "not-the-password\n",
              "login",
              "--config",
              config,
              "-u",
              RegistryServer.USER,
              "--password-stdin",
              host);
      assertThat(denied.exitCode()).isEqualTo(1);
      assertThat(denied.err())
          .startsWith("error: login to " + host + " failed: " + host + " refused the credentials")
          .doesNotContain("not-the-password")
          .hasLineCount(1);

      CliRun login =
          withStdin(
              RegistryServer.PASSWORD + "\n",
              "login",
              "--config",
              config,
              "-u",
              RegistryServer.USER,
              "--password-stdin",
              host);
      assertThat(login.exitCode()).as(login.err()).isZero();
      assertThat(login.out()).startsWith("Login Succeeded");

      CliRun push = CliRun.of("--root", root, "push", "--config", config, "-q", "app:1", name);
      assertThat(push.exitCode()).as(push.err()).isZero();
      String digest = push.out().trim();
      assertThat(digest).startsWith("sha256:");

      String fresh = tmp.resolve("fresh").toString();
      CliRun pull = CliRun.of("--root", fresh, "pull", "--config", config, name);
      assertThat(pull.exitCode()).as(pull.err()).isZero();
      assertThat(pull.out()).contains("Digest: " + digest).endsWith(name + "\n");
      CliRun images = CliRun.of("--root", fresh, "images", "-q");
      assertThat(images.out()).contains(digest.substring(7, 19));
      assertThat(CliRun.of("--root", fresh, "system", "check").exitCode()).isZero();

      CliRun logout = CliRun.of("logout", "--config", config, host);
      assertThat(logout.out()).isEqualTo("Removing login credentials for " + host + "\n");
      CliRun unauthorized =
          CliRun.of("--root", tmp.resolve("other").toString(), "pull", "--config", config, name);
      assertThat(unauthorized.exitCode()).isEqualTo(1);
      assertThat(unauthorized.err())
          .isEqualTo(
              "error: cannot pull "
                  + name
                  + ": "
                  + host
                  + " requires authentication: run strata"
                  + " login "
                  + host
                  + "\n");
    }
  }

  @Test
  void buildPushPushesEveryTagAndFromPullsInAFreshRoot() throws Exception {
    try (RegistryServer registry =
        RegistryServer.start(tmp.resolve("registry"), RegistryServer.Variant.OPEN)) {
      Path ctx = Files.createDirectories(tmp.resolve("ctx"));
      Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
      Files.writeString(ctx.resolve("hello"), "hello\n");
      String a = registry.host() + "/built/a:1";
      String b = registry.host() + "/built/b:2";
      String root = tmp.resolve("store").toString();
      CliRun build =
          CliRun.of("--root", root, "build", "-q", "--push", "-t", a, "-t", b, ctx.toString());
      assertThat(build.exitCode()).as(build.err()).isZero();
      String id = build.out().trim();
      assertThat(build.err()).contains("pushed " + a + " " + id).contains("pushed " + b + " " + id);

      Path child = Files.createDirectories(tmp.resolve("child"));
      Files.writeString(child.resolve("Dockerfile"), "FROM " + b + "\nCOPY more /more\n");
      Files.writeString(child.resolve("more"), "more\n");
      String fresh = tmp.resolve("fresh").toString();
      CliRun onTop =
          CliRun.of(
              "--root", fresh, "build", "--progress", "plain", "-t", "child:1", child.toString());
      assertThat(onTop.exitCode()).as(onTop.err()).isZero();
      assertThat(onTop.err()).contains("pulled " + b + " " + id + "\n");
      CliRun inspect = CliRun.of("--root", fresh, "images", "-q");
      assertThat(inspect.out()).contains(id.substring(7, 19));
      assertThat(CliRun.of("--root", fresh, "system", "check").exitCode()).isZero();

      String c = registry.host() + "/built/c:3";
      CliRun output =
          CliRun.of(
              "--root", root, "build", "-q", "--output", "type=registry,name=" + c, ctx.toString());
      assertThat(output.exitCode()).as(output.err()).isZero();
      assertThat(output.err()).contains("pushed " + c + " " + id);
      CliRun pulledC = CliRun.of("--root", tmp.resolve("c").toString(), "pull", "-q", c);
      assertThat(pulledC.out()).isEqualTo(c + "\n");

      CliRun noTag = CliRun.of("--root", root, "build", "-q", "--push", ctx.toString());
      assertThat(noTag.exitCode()).isEqualTo(1);
      assertThat(noTag.err()).isEqualTo("error: --push needs at least one -t NAME to push to\n");
    }
  }
}
